package io.linkops.messaging;

import java.util.UUID;

/** A bulk operation reached a terminal status; API replicas wake whoever waits for it. */
public record BulkOperationCompleted(UUID opId, UUID teamId, String status) {
}
