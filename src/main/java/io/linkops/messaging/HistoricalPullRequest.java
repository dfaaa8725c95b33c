package io.linkops.messaging;

import java.time.Instant;
import java.util.UUID;

/** A user's history to backfill, published for the data-pull system once the throttle allows it. */
public record HistoricalPullRequest(UUID requestId, UUID teamId, UUID userId, String provider, UUID bulkOpId,
        Instant requestedAt) {
}
