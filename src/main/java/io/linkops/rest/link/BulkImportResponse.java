package io.linkops.rest.link;

import io.linkops.domain.ItemFailure;
import io.linkops.service.BulkOperationView;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code POST /v2/link/bulk_import}, 200 and 202 alike: what has finished so far. */
@Schema(name = "BulkImportConnectionsResponse")
public record BulkImportResponse(
        @Schema(required = true, description = "Users whose connection has been imported so far.")
        List<UUID> userIdsImported,
        @Schema(required = true, description = "Users whose connection failed so far; the op's failures say why.")
        List<UUID> userIdsFailed,
        @Schema(required = true, description = "Extension: the op's id, for GET /v2/link/bulk_op/{bulk_op_id}.")
        UUID bulkOpId,
        @Schema(required = true, description = "Extension: the op's status.",
                enumeration = {"in_progress", "success", "failure", "aborted"}) String status) {

    /**
     * 200 only for a caller that asked to wait and whose op finished in time; otherwise 202 (as Junction answers
     * every request without {@code wait_for_completion}), with whatever has finished so far.
     */
    static Response answer(BulkOperationView view, boolean waited) {
        boolean finished = waited && view.operation().status().isTerminal();
        return Response.status(finished ? 200 : 202).entity(of(view)).build();
    }

    static BulkImportResponse of(BulkOperationView view) {
        return new BulkImportResponse(view.items().succeeded(),
                view.items().failures().stream().map(ItemFailure::userId).toList(),
                view.operation().id(), view.operation().status().name());
    }
}
