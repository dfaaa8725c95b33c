package io.linkops.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstGoesThroughThenTheWaitIsTheTimeToTheNextToken() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, bucket.take(0));
        }
        assertEquals(Duration.ofMillis(500), bucket.take(0), "at 2/s the next token is half a second away");
        assertEquals(Duration.ofMillis(200), bucket.take(SECOND * 3 / 10), "a refused request takes no token");
        assertEquals(Duration.ZERO, bucket.take(SECOND / 2));
        assertEquals(Duration.ofMillis(500), bucket.take(SECOND / 2));
    }

    @Test
    void anIdleBucketHoldsNoMoreThanItsBurst() {
        TokenBucket bucket = new TokenBucket(100, 2, 0);
        long later = 3600 * SECOND;
        assertEquals(Duration.ZERO, bucket.take(later));
        assertEquals(Duration.ZERO, bucket.take(later));
        assertEquals(Duration.ofMillis(10), bucket.take(later));
    }

    @Test
    void aClockThatStepsBackGrantsNothingExtra() {
        TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
        assertEquals(Duration.ZERO, bucket.take(10 * SECOND));
        assertEquals(Duration.ofSeconds(6), bucket.take(5 * SECOND), "the next token is still due at 11 s");
    }

    @Test
    void aRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
    }
}
