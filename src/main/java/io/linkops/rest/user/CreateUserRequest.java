package io.linkops.rest.user;

import io.linkops.rest.validation.TimeZoneId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** Body of {@code POST /v2/user}. */
public record CreateUserRequest(
        @NotBlank @Size(max = 255) String clientUserId,
        @Size(max = 64) @TimeZoneId String fallbackTimeZone,
        LocalDate fallbackBirthDate,
        LocalDate ingestionStart,
        LocalDate ingestionEnd) {
}
