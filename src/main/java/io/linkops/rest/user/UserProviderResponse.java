package io.linkops.rest.user;

import io.linkops.domain.ConnectionSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One provider of a user, as {@code GET /v2/user/providers/{user_id}} lists it. */
@Schema(name = "ClientFacingProviderWithStatus")
public record UserProviderResponse(
        @Schema(required = true) String name,
        @Schema(required = true) String slug,
        @Schema(required = true) String logo,
        @Schema(required = true) Instant createdOn,
        @Schema(required = true, enumeration = {"connected", "paused", "error"}) String status,
        @Schema(nullable = true, description = "The recipe's provider_id.") String externalUserId,
        @Schema(nullable = true, description = "Set only when status is error.") ErrorDetails errorDetails,
        @Schema(required = true, description = "Always empty here: linkops pulls no data itself.")
        Map<String, ResourceAvailability> resourceAvailability) {

    /** Why a connection is in error. */
    @Schema(name = "ClientFacingConnectionErrorDetails")
    public record ErrorDetails(@Schema(required = true) String errorType, @Schema(required = true) String errorMessage,
            @Schema(required = true) Instant erroredAt) {
    }

    /** Junction's per-resource availability; declared so clients get Junction's types, never filled here. */
    @Schema(name = "ResourceAvailability")
    public record ResourceAvailability(
            @Schema(required = true, enumeration = {"available", "unavailable"}) String status,
            @Schema(nullable = true) ScopeGrants scopeRequirements) {
    }

    /** Scopes a user granted and denied, part of {@link ResourceAvailability}. */
    @Schema(name = "ScopeRequirementsGrants")
    public record ScopeGrants(@Schema(required = true) Scopes userGranted, @Schema(required = true) Scopes userDenied) {
    }

    /** Required and optional scope names, part of {@link ScopeGrants}. */
    @Schema(name = "ScopeRequirements_str_")
    public record Scopes(@Schema(required = true) List<String> required, @Schema(required = true) List<String> optional) {
    }

    static UserProviderResponse of(ConnectionSummary connection) {
        ErrorDetails error = connection.errorType() == null ? null
                : new ErrorDetails(connection.errorType(), connection.errorMessage(), connection.erroredAt());
        return new UserProviderResponse(connection.provider().displayName(), connection.provider().slug(),
                connection.provider().logoUrl(), connection.createdAt(), connection.status().name(),
                connection.providerUserId(), error, Map.of());
    }
}
