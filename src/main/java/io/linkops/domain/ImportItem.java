package io.linkops.domain;

import java.util.UUID;

/**
 * One import record as a worker received it. A record whose payload could not be read is a poison item: only its
 * op, index and user (from the record's headers) are known, and it is recorded as failed.
 */
public record ImportItem(
        UUID opId,
        int itemIndex,
        UUID userId,
        UUID teamId,
        String provider,
        String providerUserId,
        byte[] sealedAccessToken,
        byte[] sealedRefreshToken,
        long expiresAt,
        String oauthScopesJson,
        boolean poison) {

    public static ImportItem poison(UUID opId, int itemIndex, UUID userId) {
        return new ImportItem(opId, itemIndex, userId, null, null, null, null, null, 0, null, true);
    }

    public ConnectionWrite toWrite() {
        return new ConnectionWrite(itemIndex, userId, providerUserId, sealedAccessToken, sealedRefreshToken,
                expiresAt, oauthScopesJson);
    }

    @Override
    public String toString() {
        return "ImportItem[opId=" + opId + ", itemIndex=" + itemIndex + ", poison=" + poison + "]";
    }
}
