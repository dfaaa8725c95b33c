package io.linkops.rest.link;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code GET /v2/link/bulk_op}: newest first, with an opaque cursor to the next page or null. */
@Schema(name = "BulkOpsResponse")
public record BulkOpPageResponse(
        @Schema(required = true) List<BulkOpResponse> data,
        @Schema(required = true, nullable = true, description = "Cursor of the next page; null on the last page.")
        String nextCursor) {
}
