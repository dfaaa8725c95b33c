package io.linkops.domain;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Junction's ConnectionRecipe: one user's tokens for a provider, as imported and exported. */
public record ConnectionRecipe(
        @NotNull UUID userId,
        @NotBlank @Size(max = 8192) String accessToken,
        @NotBlank @Size(max = 8192) String refreshToken,
        @NotBlank @Size(max = 255) String providerId,
        @NotNull @PositiveOrZero @Max(LATEST_EXPIRY) Long expiresAt,
        @Size(max = 100) List<@NotNull @Size(max = 255) String> oauthScopes) {

    /** 9999-12-31T23:59:59Z: anything later is not a time. */
    public static final long LATEST_EXPIRY = 253_402_300_799L;

    @Override
    public String toString() {
        return "ConnectionRecipe[userId=" + userId + ", providerId=" + providerId + ", tokens=***]";
    }
}
