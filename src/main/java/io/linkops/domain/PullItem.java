package io.linkops.domain;

import java.util.UUID;

/** One user of a historical-pull op as a worker received it. */
public record PullItem(UUID opId, int itemIndex, UUID userId, UUID teamId, String provider) implements OpItem {
}
