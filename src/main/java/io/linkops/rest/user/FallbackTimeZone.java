package io.linkops.rest.user;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's fallback time zone as Junction answers it: the value with where and when it was set. */
@Schema(name = "FallbackTimeZone")
public record FallbackTimeZone(@Schema(required = true) String id, @Schema(required = true) String sourceSlug,
        @Schema(required = true) Instant updatedAt) {
}
