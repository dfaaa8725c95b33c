package io.linkops.domain;

import java.util.UUID;

/** A connection to upsert for an import item: tokens already sealed for their owner. */
public record ConnectionWrite(
        int itemIndex,
        UUID userId,
        String providerUserId,
        byte[] sealedAccessToken,
        byte[] sealedRefreshToken,
        long expiresAt,
        String oauthScopesJson) {

    @Override
    public String toString() {
        return "ConnectionWrite[itemIndex=" + itemIndex + ", userId=" + userId + "]";
    }
}
