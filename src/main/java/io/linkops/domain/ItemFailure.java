package io.linkops.domain;

import java.util.UUID;

/** One failed item of a bulk operation. */
public record ItemFailure(UUID userId, FailureReason reason, String message) {
}
