package io.linkops.rest.link;

import io.linkops.domain.ConnectionRecipe;
import io.linkops.rest.validation.ProviderSlug;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** Body of {@code POST /v2/link/bulk_import}. */
public record BulkImportRequest(
        @NotNull @ProviderSlug String provider,
        @NotEmpty List<@NotNull @Valid ConnectionRecipe> connections,
        Boolean waitForCompletion) {
}
