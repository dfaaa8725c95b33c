package io.linkops.domain;

import java.util.UUID;

/** One failed item as the failures export lists it: its user, the user's client id (null if none), why, detail. */
public record FailedItemRow(UUID userId, String clientUserId, FailureReason reason, String message) {
}
