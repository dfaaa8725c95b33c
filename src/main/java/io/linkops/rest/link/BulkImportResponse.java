package io.linkops.rest.link;

import io.linkops.domain.ItemFailure;
import io.linkops.service.BulkOperationView;
import java.util.List;
import java.util.UUID;

/** Answer of {@code POST /v2/link/bulk_import}, 200 and 202 alike: what has finished so far. */
public record BulkImportResponse(List<UUID> userIdsImported, List<UUID> userIdsFailed, UUID bulkOpId, String status) {

    static BulkImportResponse of(BulkOperationView view) {
        return new BulkImportResponse(view.items().succeeded(),
                view.items().failures().stream().map(ItemFailure::userId).toList(),
                view.operation().id(), view.operation().status().name());
    }
}
