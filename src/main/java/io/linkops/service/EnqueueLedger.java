package io.linkops.service;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** What Kafka committed, read back from the enqueue ledger: the truth about ops their API never confirmed. */
public interface EnqueueLedger {

    /** The ledger from {@code since} on: the ops it holds, and whether no open transaction could still add one. */
    Uni<Entries> read(Instant since);

    /**
     * Per op on the ledger, where its records are (partition to offset of its last record). {@code complete} says
     * every transaction that touched the ledger has ended, so an op missing from it will never appear.
     */
    record Entries(Map<UUID, Map<Integer, Long>> committed, boolean complete) {
    }
}
