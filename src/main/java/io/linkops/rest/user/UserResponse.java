package io.linkops.rest.user;

import io.linkops.domain.User;
import io.linkops.service.UserView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user as {@code GET /v2/user/{user_id}} answers it. */
@Schema(name = "ClientFacingUser")
public record UserResponse(
        @Schema(required = true) UUID userId,
        @Schema(required = true) UUID teamId,
        @Schema(required = true) String clientUserId,
        @Schema(required = true) Instant createdOn,
        @Schema(required = true) List<ConnectedSource> connectedSources,
        @Schema(required = true, nullable = true) FallbackTimeZone fallbackTimeZone,
        @Schema(nullable = true) FallbackBirthDate fallbackBirthDate,
        @Schema(nullable = true) LocalDate ingestionStart,
        @Schema(nullable = true) LocalDate ingestionEnd) {

    private static final String SET_THROUGH_API = "manual";

    static UserResponse of(UserView view) {
        User user = view.user();
        return new UserResponse(
                user.getId(),
                user.getTeamId(),
                user.getClientUserId(),
                user.getCreatedAt(),
                view.connections().stream().map(ConnectedSource::of).toList(),
                user.getFallbackTimeZone() == null ? null : new FallbackTimeZone(user.getFallbackTimeZone(),
                        SET_THROUGH_API, user.getFallbackTimeZoneUpdatedAt()),
                user.getFallbackBirthDate() == null ? null : new FallbackBirthDate(user.getFallbackBirthDate(),
                        SET_THROUGH_API, user.getFallbackBirthDateUpdatedAt()),
                user.getIngestionStart(),
                user.getIngestionEnd());
    }
}
