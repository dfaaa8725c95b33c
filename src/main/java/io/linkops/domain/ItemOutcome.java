package io.linkops.domain;

import java.util.UUID;

/**
 * The recorded result of one item of a bulk operation: success, or a failure with its reason and, where the reason's
 * general message would hide what happened, a more specific one.
 */
public record ItemOutcome(int itemIndex, UUID userId, FailureReason failure, String detail) {

    public static ItemOutcome succeeded(int itemIndex, UUID userId) {
        return new ItemOutcome(itemIndex, userId, null, null);
    }

    public static ItemOutcome failed(int itemIndex, UUID userId, FailureReason reason) {
        return new ItemOutcome(itemIndex, userId, reason, null);
    }

    public static ItemOutcome failed(int itemIndex, UUID userId, FailureReason reason, String detail) {
        return new ItemOutcome(itemIndex, userId, reason, detail);
    }

    public boolean isSuccess() {
        return failure == null;
    }

    public String message() {
        return failure == null ? null : detail != null ? detail : failure.message();
    }
}
