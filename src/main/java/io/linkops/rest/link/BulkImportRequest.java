package io.linkops.rest.link;

import io.linkops.domain.ConnectionRecipe;
import io.linkops.rest.validation.ProviderSlug;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** Body of {@code POST /v2/link/bulk_import}. */
public record BulkImportRequest(
        @NotNull @ProviderSlug String provider,
        // Each recipe is checked by ConnectionRecipeValidation: a cascade here would cost seconds at 100,000.
        @NotEmpty List<ConnectionRecipe> connections,
        Boolean waitForCompletion,
        // Extension: answer what the import would do, storing and publishing nothing.
        Boolean dryRun) {
}
