package io.linkops.service;

import io.linkops.domain.FailureReason;
import io.linkops.domain.ImportItem;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Why an imported connection cannot be bound, decided from the team's state: pure, so it is tested on its own. */
public final class ImportDecisions {

    private ImportDecisions() {
    }

    /**
     * The reason the item fails, or null when it can be bound. {@code claimed} maps provider accounts to the user
     * that holds them (already connected, or earlier in the same batch).
     */
    public static FailureReason failureOf(ImportItem item, Set<UUID> existingUsers, UUID credentialId,
            Map<String, UUID> claimed) {
        return failureOf(item.userId(), item.providerUserId(), existingUsers, credentialId, claimed);
    }

    /** As above, for a connection named by its user and provider account (a dry run's recipe). */
    public static FailureReason failureOf(UUID userId, String providerUserId, Set<UUID> existingUsers,
            UUID credentialId, Map<String, UUID> claimed) {
        if (!existingUsers.contains(userId)) {
            return FailureReason.user_not_found;
        }
        if (credentialId == null) {
            return FailureReason.provider_credential_error;
        }
        UUID owner = claimed.get(providerUserId);
        if (owner != null && !owner.equals(userId)) {
            return FailureReason.duplicate_connection;
        }
        return null;
    }
}
