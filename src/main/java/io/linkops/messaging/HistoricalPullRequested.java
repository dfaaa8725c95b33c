package io.linkops.messaging;

import java.util.UUID;

/** One user of a historical-pull op, as published to the op's work topic. */
public record HistoricalPullRequested(UUID opId, UUID teamId, String provider, int itemIndex, UUID userId)
        implements OpRecord {
}
