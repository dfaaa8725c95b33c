package io.linkops.domain;

import java.time.Instant;
import java.util.UUID;

/** A bulk operation's state and counts. */
public record BulkOperation(
        UUID id,
        UUID teamId,
        BulkOpType type,
        Provider provider,
        BulkOpStatus status,
        int size,
        int processed,
        int failed,
        Instant startedAt,
        Instant endedAt) {

    public int pending() {
        return size - processed;
    }
}
