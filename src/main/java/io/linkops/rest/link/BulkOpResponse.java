package io.linkops.rest.link;

import io.linkops.domain.BulkOperation;
import java.time.Instant;
import java.util.UUID;

/** A BulkOp as {@code GET /v2/link/bulk_op} lists it. */
public record BulkOpResponse(UUID id, String type, String status, String provider, int pending, int processed,
        Instant startedAt, Instant endedAt) {

    static BulkOpResponse of(BulkOperation op) {
        return new BulkOpResponse(op.id(), op.type().name(), op.status().name(), op.provider().slug(), op.pending(),
                op.processed(), op.startedAt(), op.endedAt());
    }
}
