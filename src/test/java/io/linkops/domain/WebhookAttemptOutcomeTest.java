package io.linkops.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linkops.domain.WebhookAttemptOutcome.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookAttemptOutcomeTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    // Junction's (Svix's) schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
    private static final List<Duration> SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10));

    @Test
    void anySuccessDelivers() {
        for (int status : new int[] {200, 201, 204, 299}) {
            assertEquals(new WebhookAttemptOutcome(Kind.DELIVERED, null),
                    WebhookAttemptOutcome.of(status, null, 1, SCHEDULE, NOW));
        }
    }

    @Test
    void failuresFollowTheScheduleUntilItRunsOut() {
        assertEquals(NOW.plusSeconds(5), WebhookAttemptOutcome.of(500, null, 1, SCHEDULE, NOW).nextAttemptAt());
        assertEquals(NOW.plus(Duration.ofMinutes(5)), WebhookAttemptOutcome.of(null, null, 2, SCHEDULE, NOW)
                .nextAttemptAt());
        assertEquals(NOW.plus(Duration.ofHours(10)), WebhookAttemptOutcome.of(302, null, 7, SCHEDULE, NOW)
                .nextAttemptAt());
        WebhookAttemptOutcome last = WebhookAttemptOutcome.of(503, null, 8, SCHEDULE, NOW);
        assertEquals(Kind.FAILED, last.kind());
        assertNull(last.nextAttemptAt());
    }

    @Test
    void goneDisablesTheEndpointWhateverTheAttempt() {
        assertEquals(Kind.ENDPOINT_GONE, WebhookAttemptOutcome.of(410, null, 1, SCHEDULE, NOW).kind());
    }

    @Test
    void retryAfterPostponesButNeverHastensNorBeyondADay() {
        assertEquals(NOW.plusSeconds(60), WebhookAttemptOutcome.of(429, Duration.ofSeconds(60), 1, SCHEDULE, NOW)
                .nextAttemptAt());
        assertEquals(NOW.plus(Duration.ofMinutes(5)), WebhookAttemptOutcome.of(429, Duration.ofSeconds(1), 2,
                SCHEDULE, NOW).nextAttemptAt());
        assertEquals(NOW.plus(Duration.ofHours(24)), WebhookAttemptOutcome.of(503, Duration.ofDays(30), 1,
                SCHEDULE, NOW).nextAttemptAt());
    }
}
