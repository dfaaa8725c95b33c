package io.linkops.domain;

import java.time.Duration;

/** What a provider answered to a refresh: new tokens, a final refusal, or "try again later". */
public sealed interface RefreshResult {

    /** The provider issued new tokens. */
    record Refreshed(TokenPair tokens) implements RefreshResult {
    }

    /** The provider refused for good: the connection goes to {@code error} with this reason. */
    record Rejected(FailureReason reason, String message) implements RefreshResult {
    }

    /** Rate limited or unavailable: try again after the wait (the provider's Retry-After when it sent one). */
    record RetryLater(Duration delay, String cause) implements RefreshResult {
    }
}
