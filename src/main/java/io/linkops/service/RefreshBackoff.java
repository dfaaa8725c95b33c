package io.linkops.service;

import java.time.Duration;

/** How long a connection waits before its next refresh attempt after one that did not refresh it. */
public record RefreshBackoff(Duration first, Duration max) {

    // 2^20 times any sensible first wait is already past any sensible cap; the shift must not overflow.
    private static final int LONGEST_DOUBLING = 20;

    /** Doubles per consecutive failure, never less than the provider asked for, never more than the cap. */
    public Duration after(int failedAttempts, Duration providerAsked) {
        Duration doubled = first.multipliedBy(1L << Math.min(Math.max(failedAttempts, 0), LONGEST_DOUBLING));
        Duration capped = doubled.compareTo(max) > 0 ? max : doubled;
        return capped.compareTo(providerAsked) < 0 ? providerAsked : capped;
    }
}
