package io.linkops.rest.link;

import io.linkops.domain.BulkOperation;
import io.linkops.service.BulkOperationView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code GET /v2/link/bulk_op/{bulk_op_id}} (extension): the op with its per-item outcomes. */
@Schema(name = "BulkOpDetail", description = "Extension: a BulkOp with its per-item outcomes.")
public record BulkOpDetailResponse(
        @Schema(required = true) UUID id,
        @Schema(required = true, enumeration = {"link_bulk_import", "link_bulk_historical_trigger"}) String type,
        @Schema(required = true, enumeration = {"in_progress", "success", "failure", "aborted"}) String status,
        @Schema(required = true, example = "fitbit") String provider,
        @Schema(required = true, description = "Items not yet applied.") int pending,
        @Schema(required = true, description = "Items applied, successfully or not.") int processed,
        @Schema(required = true) Instant startedAt,
        @Schema(required = true, nullable = true, description = "Null while in progress.") Instant endedAt,
        @Schema(required = true, description = "Failed items so far, with their reasons.") List<Failure> failures,
        @Schema(required = true, description = "Users imported so far.") List<UUID> imported) {

    /** One failed item. */
    @Schema(name = "BulkOpItemFailure")
    public record Failure(
            @Schema(required = true) UUID userId,
            @Schema(required = true, enumeration = {"user_not_found", "provider_credential_error",
                    "token_refresh_failed", "duplicate_connection", "connection_not_found", "connection_paused",
                    "cancelled", "unknown"}) String errorType,
            @Schema(required = true) String errorMessage) {
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
