package io.linkops.domain;

import java.util.UUID;

/** A connection locked for refresh, with its team's credential: secrets still sealed. */
public record LockedConnection(
        UUID id,
        UUID teamId,
        UUID userId,
        Provider provider,
        ConnectionStatus status,
        byte[] sealedRefreshToken,
        long expiresAt,
        int refreshAttempts,
        String clientId,
        byte[] sealedClientSecret) {

    @Override
    public String toString() {
        return "LockedConnection[id=" + id + ", provider=" + provider + "]";
    }
}
