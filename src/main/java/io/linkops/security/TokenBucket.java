package io.linkops.security;

import java.time.Duration;

/**
 * A token bucket: up to {@code burst} requests at once, refilled at {@code perSecond}; says how long to wait. Kept
 * as the time the bucket would be full again (the GCRA form), so the arithmetic is exact in nanoseconds.
 */
public final class TokenBucket {

    private final long interval;
    private final long tolerance;
    private long fullAt;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.interval = Math.max(1, Math.round(1e9 / perSecond));
        this.tolerance = interval * (burst - 1);
        this.fullAt = nowNanos;
    }

    /** Takes a token at {@code nowNanos}: zero when taken, else how long until one is there (none is taken). */
    public synchronized Duration take(long nowNanos) {
        long earliest = fullAt - tolerance;
        if (nowNanos < earliest) {
            return Duration.ofNanos(earliest - nowNanos);
        }
        fullAt = Math.max(fullAt, nowNanos) + interval;
        return Duration.ZERO;
    }
}
