package io.linkops.domain;

import java.util.UUID;

/** An op found terminal after a worker recorded items for it. */
public record CompletedOperation(UUID opId, UUID teamId, BulkOpStatus status) {
}
