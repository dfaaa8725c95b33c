package io.linkops.rest.user;

import io.linkops.rest.validation.TimeZoneId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v2/user}. */
@Schema(name = "UserCreateBody")
public record CreateUserRequest(
        @Schema(required = true, description = "Your id for the user, unique in the team; no personal data.",
                example = "patient-00042") @NotBlank @Size(max = 255) String clientUserId,
        @Schema(nullable = true, description = "An IANA time zone.", example = "Europe/London")
        @Size(max = 64) @TimeZoneId String fallbackTimeZone,
        @Schema(nullable = true) LocalDate fallbackBirthDate,
        @Schema(nullable = true) LocalDate ingestionStart,
        @Schema(nullable = true) LocalDate ingestionEnd) {
}
