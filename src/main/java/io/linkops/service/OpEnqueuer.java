package io.linkops.service;

import io.linkops.domain.BulkOperation;
import io.linkops.domain.SealedConnection;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Publishes every item of an op to its work topic in one Kafka transaction. Answers, per partition, the offset of
 * the op's last record; fails with {@link EnqueueFailedException} when nothing is visible, or with
 * {@link EnqueueOutcomeUnknownException} when the commit may or may not have happened.
 */
public interface OpEnqueuer {

    /** The connections of an import, item {@code i} built by {@code connectionAt} only when it is sent. */
    Uni<Map<Integer, Long>> enqueueImport(BulkOperation op, IntFunction<SealedConnection> connectionAt);

    /** The users of a historical pull, item {@code i} being {@code userIds[i]}. */
    Uni<Map<Integer, Long>> enqueuePulls(BulkOperation op, List<UUID> userIds);
}
