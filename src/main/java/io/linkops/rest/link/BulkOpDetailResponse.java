package io.linkops.rest.link;

import io.linkops.domain.BulkOperation;
import io.linkops.service.BulkOperationView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Answer of {@code GET /v2/link/bulk_op/{bulk_op_id}} (extension): the op with its per-item outcomes. */
public record BulkOpDetailResponse(UUID id, String type, String status, String provider, int pending,
        int processed, Instant startedAt, Instant endedAt, List<Failure> failures, List<UUID> imported) {

    /** One failed item. */
    public record Failure(UUID userId, String errorType, String errorMessage) {
    }

    static BulkOpDetailResponse of(BulkOperationView view) {
        BulkOperation op = view.operation();
        return new BulkOpDetailResponse(op.id(), op.type().name(), op.status().name(), op.provider().slug(),
                op.pending(), op.processed(), op.startedAt(), op.endedAt(),
                view.items().failures().stream()
                        .map(failure -> new Failure(failure.userId(), failure.reason().name(), failure.message()))
                        .toList(),
                view.items().succeeded());
    }
}
