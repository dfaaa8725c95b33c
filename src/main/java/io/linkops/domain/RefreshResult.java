package io.linkops.domain;

import java.time.Duration;

/**
 * What a provider answered to a refresh: new tokens, a final refusal, "try again later", or a success without a
 * token to store.
 */
public sealed interface RefreshResult {

    /** The provider issued new tokens. */
    record Refreshed(TokenPair tokens) implements RefreshResult {
    }

    /** The provider refused for good: the connection goes to {@code error} with this reason. */
    record Rejected(FailureReason reason, String message) implements RefreshResult {
    }

    /**
     * Rate limited ({@code throttled}: the provider wants fewer calls from this client) or unavailable: try again
     * after the wait (the provider's Retry-After when it sent one).
     */
    record RetryLater(Duration delay, String cause, boolean throttled) implements RefreshResult {
    }

    /** The provider answered success but without the tokens it must send; the cause names what was missing. */
    record Unusable(String cause) implements RefreshResult {
    }
}
