package io.linkops.rest.link;

import io.linkops.rest.validation.ProviderSlug;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /v2/link/bulk_trigger_historical_pull}. */
@Schema(name = "BulkTriggerHistoricalPullBody")
public record BulkHistoricalPullRequest(
        @Schema(required = true) @NotEmpty List<UUID> userIds,
        @Schema(required = true, description = "The provider's slug (oura, fitbit, garmin, ...).", example = "fitbit") @NotNull @ProviderSlug String provider,
        @Schema(description = "Answer 200 if the op completes within 20 s; otherwise 202.", defaultValue = "false")
        Boolean waitForCompletion) {
}
