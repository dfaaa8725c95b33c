package io.linkops.rest.link;

import io.linkops.domain.BulkOperation;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A BulkOp as {@code GET /v2/link/bulk_op} lists it. */
@Schema(name = "BulkOp")
public record BulkOpResponse(
        @Schema(required = true, description = "Extension: the op's id.") UUID id,
        @Schema(required = true, enumeration = {"link_bulk_import", "link_bulk_historical_trigger"}) String type,
        @Schema(required = true, enumeration = {"in_progress", "success", "failure", "aborted"}) String status,
        @Schema(required = true, example = "fitbit") String provider,
        @Schema(required = true, description = "Items not yet applied.") int pending,
        @Schema(required = true, description = "Items applied, successfully or not.") int processed,
        @Schema(required = true) Instant startedAt,
        @Schema(required = true, nullable = true, description = "Null while in progress.") Instant endedAt) {

    static BulkOpResponse of(BulkOperation op) {
        return new BulkOpResponse(op.id(), op.type().name(), op.status().name(), op.provider().slug(), op.pending(),
                op.processed(), op.startedAt(), op.endedAt());
    }
}
