package io.linkops.domain;

import java.util.UUID;

/** What authenticating a request needs about an API key: its hash, whether it is revoked, and its team. */
public record KeyOwner(byte[] keyHash, boolean revoked, UUID teamId, boolean linkMigrationEnabled) {
}
