package io.linkops.messaging;

import java.util.List;
import java.util.UUID;

/**
 * One connection of a bulk import, as published to the import topic. The tokens are AES-GCM ciphertext (base64)
 * bound to their team, user and provider, so workers store them as they are and never see plaintext.
 */
public record ConnectionImportRequested(
        UUID opId,
        UUID teamId,
        String provider,
        int itemIndex,
        UUID userId,
        String providerUserId,
        String accessToken,
        String refreshToken,
        long expiresAt,
        List<String> oauthScopes) implements OpRecord {

    @Override
    public String toString() {
        return "ConnectionImportRequested[opId=" + opId + ", itemIndex=" + itemIndex + ", userId=" + userId + "]";
    }
}
