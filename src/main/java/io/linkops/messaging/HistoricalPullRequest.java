package io.linkops.messaging;

import io.linkops.domain.QueuedPull;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's history to backfill, published for the data-pull system once the throttle allows it. Its request id is
 * derived from the op and item index, so every publication of one pull carries the same id and the data-pull system
 * can de-duplicate a pull published twice (after a failed send, or by a dispatcher that died before recording it).
 */
public record HistoricalPullRequest(UUID requestId, UUID teamId, UUID userId, String provider, UUID bulkOpId,
        Instant requestedAt) {

    public static HistoricalPullRequest of(QueuedPull pull, Instant requestedAt) {
        return new HistoricalPullRequest(requestIdOf(pull.opId(), pull.itemIndex()), pull.teamId(), pull.userId(),
                pull.provider().slug(), pull.opId(), requestedAt);
    }

    /** The same id for the same op and item index, whoever publishes it and however often. */
    public static UUID requestIdOf(UUID opId, int itemIndex) {
        return UUID.nameUUIDFromBytes((opId + "/" + itemIndex).getBytes(StandardCharsets.UTF_8));
    }
}
