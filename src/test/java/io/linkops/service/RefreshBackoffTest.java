package io.linkops.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshBackoffTest {

    private final RefreshBackoff backoff = new RefreshBackoff(Duration.ofSeconds(30), Duration.ofHours(1));

    @Test
    void theFirstFailureWaitsTheFirstBackoff() {
        assertEquals(Duration.ofSeconds(30), backoff.after(0, Duration.ZERO));
    }

    @Test
    void eachConsecutiveFailureDoublesTheWait() {
        assertEquals(Duration.ofSeconds(60), backoff.after(1, Duration.ZERO));
        assertEquals(Duration.ofSeconds(120), backoff.after(2, Duration.ZERO));
        assertEquals(Duration.ofSeconds(960), backoff.after(5, Duration.ZERO));
    }

    @Test
    void theWaitNeverExceedsTheCap() {
        assertEquals(Duration.ofHours(1), backoff.after(7, Duration.ZERO));
        assertEquals(Duration.ofHours(1), backoff.after(Integer.MAX_VALUE, Duration.ZERO));
    }

    @Test
    void theWaitIsNeverShorterThanWhatTheProviderAskedFor() {
        assertEquals(Duration.ofMinutes(10), backoff.after(0, Duration.ofMinutes(10)));
        assertEquals(Duration.ofHours(3), backoff.after(30, Duration.ofHours(3)));
    }

    @Test
    void aNegativeAttemptCountIsTreatedAsNoFailureYet() {
        assertEquals(Duration.ofSeconds(30), backoff.after(-1, Duration.ZERO));
    }
}
