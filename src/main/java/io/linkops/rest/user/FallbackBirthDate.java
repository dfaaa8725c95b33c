package io.linkops.rest.user;

import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's fallback birth date as Junction answers it: the value with where and when it was set. */
@Schema(name = "FallbackBirthDate")
public record FallbackBirthDate(@Schema(required = true) LocalDate value, @Schema(required = true) String sourceSlug,
        @Schema(required = true) Instant updatedAt) {
}
