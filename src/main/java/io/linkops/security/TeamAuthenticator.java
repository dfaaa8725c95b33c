package io.linkops.security;

import io.linkops.repository.ApiKeyRepository;
import io.linkops.repository.TeamRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Resolves an {@code x-vital-api-key} to its team. Keys are looked up on every request, without a cache, so a
 * revocation takes effect at once on every replica.
 */
@ApplicationScoped
public class TeamAuthenticator {

    private final ApiKeyRepository apiKeys;
    private final TeamRepository teams;

    public TeamAuthenticator(ApiKeyRepository apiKeys, TeamRepository teams) {
        this.apiKeys = apiKeys;
        this.teams = teams;
    }

    /** The key's team, or a null item when the key is malformed, unknown, revoked or wrong. */
    @WithSession
    public Uni<AuthenticatedTeam> authenticate(String presentedKey) {
        Optional<String> prefix = ApiKeys.prefixOf(presentedKey);
        if (prefix.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return apiKeys.findById(prefix.get()).chain(key -> {
            if (key == null || key.isRevoked() || !ApiKeys.matches(presentedKey, key.getKeyHash())) {
                return Uni.createFrom().nullItem();
            }
            return teams.findById(key.getTeamId()).map(team -> team == null ? null
                    : new AuthenticatedTeam(team.getId(), team.isLinkMigrationEnabled()));
        });
    }
}
