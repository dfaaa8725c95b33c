package io.linkops.rest.link;

import io.linkops.domain.ConnectionRecipe;
import java.util.List;

/** Answer of {@code POST /v2/link/bulk_export}: one page of ConnectionRecipes and the token to the next, or null. */
public record BulkExportResponse(List<ConnectionRecipe> data, String nextToken) {
}
