package io.linkops.domain;

import java.util.UUID;

/** One connection of a bulk import as a worker received it, every field present; the tokens are still sealed. */
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
        String oauthScopesJson) implements OpItem {

    public ConnectionWrite toWrite() {
        return new ConnectionWrite(itemIndex, userId, providerUserId, sealedAccessToken, sealedRefreshToken,
                expiresAt, oauthScopesJson);
    }

    /** The same item carrying a rotated token pair. */
    public ImportItem withTokens(byte[] sealedAccess, byte[] sealedRefresh, long newExpiresAt) {
        return new ImportItem(opId, itemIndex, userId, teamId, provider, providerUserId, sealedAccess, sealedRefresh,
                newExpiresAt, oauthScopesJson);
    }

    @Override
    public String toString() {
        return "ImportItem[opId=" + opId + ", itemIndex=" + itemIndex + "]";
    }
}
