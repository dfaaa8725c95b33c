package io.linkops.rest.webhook;

import io.linkops.domain.WebhookAttempt;
import java.time.Instant;
import java.util.UUID;

/** One delivery attempt as {@code GET /v2/webhooks/endpoints/{id}/attempts} lists it. */
public record WebhookAttemptResponse(UUID eventId, String eventType, int attempt, Integer statusCode, int latencyMs,
        String error, Instant attemptedAt, Instant nextAttemptAt) {

    static WebhookAttemptResponse of(WebhookAttempt attempt) {
        return new WebhookAttemptResponse(attempt.eventId(), attempt.eventType(), attempt.attempt(),
                attempt.statusCode(), attempt.latencyMs(), attempt.error(), attempt.attemptedAt(),
                attempt.nextAttemptAt());
    }
}
