package io.linkops.rest.user;

import io.linkops.domain.ConnectionSummary;
import java.time.Instant;
import java.util.Map;

/** One provider of a user, as {@code GET /v2/user/providers/{user_id}} lists it. */
public record UserProviderResponse(
        String name,
        String slug,
        String logo,
        Instant createdOn,
        String status,
        String externalUserId,
        ErrorDetails errorDetails,
        Map<String, Object> resourceAvailability) {

    /** Why a connection is in error. */
    public record ErrorDetails(String errorType, String errorMessage, Instant erroredAt) {
    }

    static UserProviderResponse of(ConnectionSummary connection) {
        ErrorDetails error = connection.errorType() == null ? null
                : new ErrorDetails(connection.errorType(), connection.errorMessage(), connection.erroredAt());
        return new UserProviderResponse(connection.provider().displayName(), connection.provider().slug(),
                connection.provider().logoUrl(), connection.createdAt(), connection.status().name(),
                connection.providerUserId(), error, Map.of());
    }
}
