package io.linkops.domain;

import java.time.Instant;
import java.util.UUID;

/** One delivery attempt as a team lists it; {@code statusCode} is null when no answer came. */
public record WebhookAttempt(UUID eventId, String eventType, int attempt, Integer statusCode, int latencyMs,
        String error, Instant attemptedAt, Instant nextAttemptAt) {
}
