package io.linkops.domain;

import java.util.UUID;

/**
 * One stored ciphertext and what owns it: its table and column, the team, the row that binds it (the user of a
 * connection, a webhook endpoint's id, none for a credential) and the provider.
 */
public record SealedValue(String table, String column, UUID teamId, UUID ownerId, String provider, byte[] sealed) {
}
