package io.linkops.rest.link;

import io.linkops.domain.ConnectionRecipe;
import io.linkops.rest.validation.ProviderSlug;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v2/link/bulk_import}. */
@Schema(name = "BulkImportConnectionsBody")
public record BulkImportRequest(
        @Schema(required = true, description = "The provider's slug (oura, fitbit, garmin, ...).", example = "fitbit") 
        @NotNull @ProviderSlug String provider,
        // Each recipe is checked by ConnectionRecipeValidation: a cascade here would cost seconds at 100,000.
        @Schema(required = true) @NotEmpty List<ConnectionRecipe> connections,
        @Schema(description = "Answer 200 if the op completes within 20 s; otherwise, and without it, 202 once "
                + "every connection is durably enqueued.", defaultValue = "false") Boolean waitForCompletion,
        // Extension: answer what the import would do, storing and publishing nothing.
        @Schema(description = "Extension: answer 200 with what the import would do, storing nothing.",
                defaultValue = "false") Boolean dryRun) {
}
