package io.linkops.security;

import io.linkops.repository.KeyOwnerRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Resolves an {@code x-vital-api-key} to its team. Keys are looked up on every request, without a cache, so a
 * revocation takes effect at once on every replica.
 */
@ApplicationScoped
public class TeamAuthenticator {

    private final KeyOwnerRepository keyOwners;
    private final Counter lookups;

    public TeamAuthenticator(KeyOwnerRepository keyOwners, MeterRegistry registry) {
        this.keyOwners = keyOwners;
        this.lookups = registry.counter("linkops.auth.key_lookups");
    }

    /** The key's team, or a null item when the key is malformed, unknown, revoked or wrong. */
    public Uni<AuthenticatedTeam> authenticate(String presentedKey) {
        Optional<String> prefix = ApiKeys.prefixOf(presentedKey);
        if (prefix.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        lookups.increment();
        return keyOwners.findByPrefix(prefix.get()).map(owner -> {
            if (owner == null || owner.revoked() || !ApiKeys.matches(presentedKey, owner.keyHash())) {
                return null;
            }
            return new AuthenticatedTeam(owner.teamId(), owner.linkMigrationEnabled());
        });
    }
}
