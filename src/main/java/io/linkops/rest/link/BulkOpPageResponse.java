package io.linkops.rest.link;

import java.util.List;

/** Answer of {@code GET /v2/link/bulk_op}: newest first, with an opaque cursor to the next page or null. */
public record BulkOpPageResponse(List<BulkOpResponse> data, String nextCursor) {
}
