package io.linkops.rest.link;

import io.linkops.rest.validation.ProviderSlug;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v2/link/bulk_pause}. */
@Schema(name = "BulkPauseConnectionsBody")
public record BulkPauseRequest(
        @Schema(required = true) @NotNull List<UUID> userIds,
        @Schema(required = true, description = "The provider's slug (oura, fitbit, garmin, ...).", example = "fitbit") @NotNull @ProviderSlug String provider) {
}
