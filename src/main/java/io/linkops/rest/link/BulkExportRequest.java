package io.linkops.rest.link;

import io.linkops.rest.validation.ProviderSlug;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Body of {@code POST /v2/link/bulk_export}; absent or null {@code user_ids} means every user. */
public record BulkExportRequest(
        @NotNull @ProviderSlug String provider,
        List<UUID> userIds,
        @Size(max = 512) String nextToken) {
}
