package io.linkops.service;

import io.linkops.domain.CustomCredential;
import io.linkops.domain.Provider;
import io.linkops.repository.CustomCredentialRepository;
import io.linkops.repository.TeamRepository;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Sets and lists teams' own OAuth credentials; the client secret is encrypted before it is stored. */
@ApplicationScoped
public class CustomCredentialService {

    private static final Logger LOG = Logger.getLogger(CustomCredentialService.class);

    private final TeamRepository teams;
    private final CustomCredentialRepository credentials;
    private final SecretCipher cipher;

    public CustomCredentialService(TeamRepository teams, CustomCredentialRepository credentials, SecretCipher cipher) {
        this.teams = teams;
        this.credentials = credentials;
        this.cipher = cipher;
    }

    @WithTransaction
    public Uni<CustomCredential> put(UUID teamId, Provider provider, CredentialSettings settings) {
        Instant now = Timestamps.now();
        byte[] encryptedSecret = cipher.encrypt(settings.clientSecret(), SecretOwner.ofCredential(teamId, provider.slug()));
        return requireTeam(teamId)
                .chain(() -> credentials.findForProvider(teamId, provider))
                .chain(existing -> {
                    CustomCredential credential = existing != null ? existing
                            : new CustomCredential(teamId, provider, now);
                    credential.configure(settings.clientId(), encryptedSecret, settings.detailsJson(),
                            settings.redirectUrlOverride(), now);
                    return credentials.persist(credential);
                })
                .invoke(saved -> LOG.infof("team %s set custom credential %s for %s", teamId, saved.getId(),
                        provider.slug()));
    }

    @WithSession
    public Uni<List<CustomCredential>> list(UUID teamId) {
        return requireTeam(teamId).chain(() -> credentials.listByTeam(teamId));
    }

    private Uni<Void> requireTeam(UUID teamId) {
        return teams.findById(teamId)
                .onItem().ifNull().failWith(() -> new ResourceNotFoundException("Team not found."))
                .replaceWithVoid();
    }
}
