package io.linkops.domain;

import java.util.List;
import java.util.UUID;

/** One connection of a bulk import as it leaves the request: its tokens already sealed for their owner. */
public record SealedConnection(UUID userId, String providerUserId, byte[] sealedAccessToken,
        byte[] sealedRefreshToken, long expiresAt, List<String> oauthScopes) {

    @Override
    public String toString() {
        return "SealedConnection[userId=" + userId + "]";
    }
}
