package io.linkops.rest.link;

import io.linkops.rest.validation.ProviderSlug;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v2/link/bulk_export}; absent or null {@code user_ids} means every user. */
@Schema(name = "BulkExportConnectionsBody")
public record BulkExportRequest(
        @Schema(required = true, description = "The provider's slug (oura, fitbit, garmin, ...).", example = "fitbit") @NotNull @ProviderSlug String provider,
        @Schema(nullable = true, description = "The users to export; absent or null for every user.")
        List<UUID> userIds,
        @Schema(nullable = true, description = "The previous page's next_token; absent or null for the first page.")
        @Size(max = 512) String nextToken) {
}
