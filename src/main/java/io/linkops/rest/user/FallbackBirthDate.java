package io.linkops.rest.user;

import java.time.Instant;
import java.time.LocalDate;

/** A user's fallback birth date as Junction answers it: the value with where and when it was set. */
public record FallbackBirthDate(LocalDate value, String sourceSlug, Instant updatedAt) {
}
