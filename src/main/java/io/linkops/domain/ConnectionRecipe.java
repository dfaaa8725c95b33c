package io.linkops.domain;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Junction's ConnectionRecipe: one user's tokens for a provider, as imported and exported. */
@Schema(name = "ConnectionRecipe")
public record ConnectionRecipe(
        @Schema(required = true, description = "The user, created in the team before the import.",
                example = "4a1e8a5c-2f5e-4a8e-9b7e-0f4f3c6f8d21") UUID userId,
        @Schema(required = true, description = "OAuth 2.0: the latest access token; Garmin (OAuth 1.0a): the access "
                + "token.", example = "eyJhbGciOiJIUzI1NiJ9.access") String accessToken,
        @Schema(required = true, description = "OAuth 2.0: the latest refresh token; Garmin: the token secret.",
                example = "c3f1e0b2-refresh") String refreshToken,
        @Schema(required = true, description = "The user's id at the provider.", example = "B7XK2Q")
        String providerId,
        @Schema(required = true, description = "Access token expiry in Unix seconds; Garmin: 2147483647.",
                example = "1767225600") Long expiresAt,
        @Schema(nullable = true, description = "The granted scopes, or null when none are on record.",
                examples = "[\"activity\", \"sleep\"]") List<String> oauthScopes) {

    @Override
    public String toString() {
        return "ConnectionRecipe[userId=" + userId + ", providerId=" + providerId + ", tokens=***]";
    }
}
