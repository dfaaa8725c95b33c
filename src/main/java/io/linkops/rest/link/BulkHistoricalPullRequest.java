package io.linkops.rest.link;

import io.linkops.rest.validation.ProviderSlug;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/** Body of {@code POST /v2/link/bulk_trigger_historical_pull}. */
public record BulkHistoricalPullRequest(@NotEmpty List<UUID> userIds, @NotNull @ProviderSlug String provider,
        Boolean waitForCompletion) {
}
