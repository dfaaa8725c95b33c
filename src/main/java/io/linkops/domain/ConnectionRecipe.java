package io.linkops.domain;

import java.util.List;
import java.util.UUID;

/** Junction's ConnectionRecipe: one user's tokens for a provider, as imported and exported. */
public record ConnectionRecipe(
        UUID userId,
        String accessToken,
        String refreshToken,
        String providerId,
        Long expiresAt,
        List<String> oauthScopes) {

    @Override
    public String toString() {
        return "ConnectionRecipe[userId=" + userId + ", providerId=" + providerId + ", tokens=***]";
    }
}
