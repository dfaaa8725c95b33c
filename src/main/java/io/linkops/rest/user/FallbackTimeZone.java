package io.linkops.rest.user;

import java.time.Instant;

/** A user's fallback time zone as Junction answers it: the value with where and when it was set. */
public record FallbackTimeZone(String id, String sourceSlug, Instant updatedAt) {
}
