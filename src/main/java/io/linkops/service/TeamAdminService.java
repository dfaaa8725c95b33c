package io.linkops.service;

import io.linkops.domain.ApiKey;
import io.linkops.domain.Team;
import io.linkops.repository.ApiKeyRepository;
import io.linkops.repository.TeamRepository;
import io.linkops.security.ApiKeys;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Operator use cases: teams, their API keys and their Link Migration switch. */
@ApplicationScoped
public class TeamAdminService {

    private static final Logger LOG = Logger.getLogger(TeamAdminService.class);

    private final TeamRepository teams;
    private final ApiKeyRepository apiKeys;

    public TeamAdminService(TeamRepository teams, ApiKeyRepository apiKeys) {
        this.teams = teams;
        this.apiKeys = apiKeys;
    }

    @WithTransaction
    public Uni<CreatedTeam> createTeam(String name) {
        Instant now = Timestamps.now();
        Team team = new Team(name, now);
        return teams.persist(team)
                .chain(() -> persistNewKey(team.getId(), now))
                .invoke(key -> LOG.infof("team %s created with key %s", team.getId(), key.keyPrefix()))
                .map(key -> new CreatedTeam(team, key));
    }

    @WithSession
    public Uni<Team> getTeam(UUID teamId) {
        return requireTeam(teamId);
    }

    @WithTransaction
    public Uni<IssuedApiKey> issueKey(UUID teamId) {
        return requireTeam(teamId)
                .chain(team -> persistNewKey(team.getId(), Timestamps.now()))
                .invoke(key -> LOG.infof("team %s issued key %s", teamId, key.keyPrefix()));
    }

    @WithSession
    public Uni<List<ApiKey>> listKeys(UUID teamId) {
        return requireTeam(teamId).chain(() -> apiKeys.listByTeam(teamId));
    }

    @WithTransaction
    public Uni<Void> revokeKey(UUID teamId, String keyPrefix) {
        return requireTeam(teamId)
                .chain(() -> apiKeys.findInTeam(teamId, keyPrefix))
                .onItem().ifNull().failWith(() -> new ResourceNotFoundException("API key not found."))
                .invoke(key -> key.revoke(Timestamps.now()))
                .invoke(key -> LOG.infof("team %s revoked key %s", teamId, keyPrefix))
                .replaceWithVoid();
    }

    @WithTransaction
    public Uni<Team> setLinkMigrationEnabled(UUID teamId, boolean enabled) {
        return requireTeam(teamId)
                .invoke(team -> team.setLinkMigrationEnabled(enabled))
                .invoke(team -> LOG.infof("team %s link migration enabled: %s", teamId, enabled));
    }

    private Uni<Team> requireTeam(UUID teamId) {
        return teams.findById(teamId)
                .onItem().ifNull().failWith(() -> new ResourceNotFoundException("Team not found."));
    }

    private Uni<IssuedApiKey> persistNewKey(UUID teamId, Instant now) {
        ApiKeys.Issued issued = ApiKeys.issue();
        return apiKeys.persist(new ApiKey(issued.keyPrefix(), teamId, issued.digest(), now))
                .map(saved -> new IssuedApiKey(issued.apiKey(), issued.keyPrefix(), now));
    }
}
