package io.linkops.rest.link;

import io.linkops.domain.ConnectionRecipe;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code POST /v2/link/bulk_export}: one page of ConnectionRecipes and the token to the next, or null. */
@Schema(name = "BulkExportConnectionsResponse")
public record BulkExportResponse(
        @Schema(required = true) List<ConnectionRecipe> data,
        @Schema(required = true, nullable = true, description = "Token of the next page; null on the last page.")
        String nextToken) {
}
