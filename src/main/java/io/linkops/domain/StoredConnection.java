package io.linkops.domain;

import java.util.UUID;

/** A connection as stored: tokens still sealed for their owner. */
public record StoredConnection(
        UUID id,
        UUID userId,
        String providerUserId,
        byte[] sealedAccessToken,
        byte[] sealedRefreshToken,
        long expiresAt,
        String oauthScopesJson) {

    @Override
    public String toString() {
        return "StoredConnection[id=" + id + ", userId=" + userId + "]";
    }
}
