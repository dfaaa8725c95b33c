package io.linkops.domain;

import java.util.UUID;

/** A connection claimed for sending its refresh token, with its team's credential: secrets still sealed. */
public record LockedConnection(
        UUID id,
        UUID teamId,
        UUID userId,
        Provider provider,
        String providerUserId,
        ConnectionStatus status,
        byte[] sealedRefreshToken,
        long expiresAt,
        int refreshAttempts,
        UUID credentialId,
        String clientId,
        byte[] sealedClientSecret) {

    @Override
    public String toString() {
        return "LockedConnection[id=" + id + ", provider=" + provider + "]";
    }
}
