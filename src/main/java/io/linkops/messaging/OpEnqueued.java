package io.linkops.messaging;

import java.util.Map;
import java.util.UUID;

/**
 * The last record of an op's Kafka transaction, on the enqueue ledger: it is committed exactly when the op's records
 * are, and says where they are (per partition of the work topic, the offset of the op's last record).
 */
public record OpEnqueued(UUID opId, String topic, int size, Map<Integer, Long> lastOffsets) {
}
