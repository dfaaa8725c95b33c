package io.linkops.rest.link;

import io.linkops.rest.validation.ProviderSlug;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/** Body of {@code POST /v2/link/bulk_pause}. */
public record BulkPauseRequest(@NotNull List<UUID> userIds, @NotNull @ProviderSlug String provider) {
}
