package io.linkops.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one delivery attempt leads to, decided from the endpoint's answer: delivered (2xx), the endpoint gone (410:
 * it is disabled, the delivery fails), or another attempt on the fixed schedule (anything else, no answer
 * included), later if the endpoint asked so with {@code Retry-After}, until the schedule runs out.
 */
public record WebhookAttemptOutcome(Kind kind, Instant nextAttemptAt) {

    /** Where the delivery goes after the attempt. */
    public enum Kind { DELIVERED, RETRY, FAILED, ENDPOINT_GONE }

    // A Retry-After beyond this is not believed: the delivery still gets its remaining attempts.
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    /**
     * {@code statusCode} null when no answer came; {@code attemptsMade} counts this attempt; {@code schedule} holds
     * the delay before each attempt (its size is the number of attempts).
     */
    public static WebhookAttemptOutcome of(Integer statusCode, Duration retryAfter, int attemptsMade,
            List<Duration> schedule, Instant now) {
        if (statusCode != null && statusCode >= 200 && statusCode < 300) {
            return new WebhookAttemptOutcome(Kind.DELIVERED, null);
        }
        if (statusCode != null && statusCode == 410) {
            return new WebhookAttemptOutcome(Kind.ENDPOINT_GONE, null);
        }
        if (attemptsMade >= schedule.size()) {
            return new WebhookAttemptOutcome(Kind.FAILED, null);
        }
        Duration delay = schedule.get(attemptsMade);
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        return new WebhookAttemptOutcome(Kind.RETRY, now.plus(delay));
    }
}
