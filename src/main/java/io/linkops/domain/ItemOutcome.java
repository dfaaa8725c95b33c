package io.linkops.domain;

import java.util.UUID;

/** The recorded result of one item of a bulk operation: success, or a failure with its reason. */
public record ItemOutcome(int itemIndex, UUID userId, FailureReason failure) {

    public static ItemOutcome succeeded(int itemIndex, UUID userId) {
        return new ItemOutcome(itemIndex, userId, null);
    }

    public static ItemOutcome failed(int itemIndex, UUID userId, FailureReason reason) {
        return new ItemOutcome(itemIndex, userId, reason);
    }

    public boolean isSuccess() {
        return failure == null;
    }
}
