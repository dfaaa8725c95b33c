package io.linkops.service;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.BulkOpType;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.CompletedOperation;
import io.linkops.domain.FailureReason;
import io.linkops.domain.ItemOutcome;
import io.linkops.domain.OpItem;
import io.linkops.domain.UnreadableItem;
import io.linkops.repository.BatchRecorded;
import io.linkops.repository.BulkOperationRepository;
import io.linkops.repository.OpProgressRepository;
import io.linkops.repository.TransientFailure;
import io.linkops.repository.UniqueViolation;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The one way every worker turns a batch of received items into recorded outcomes and op progress. Items are
 * checked against their op before any SQL; a database outage is retried until it passes; any other failure is
 * narrowed down to the item that causes it, which is recorded as failed ({@code unknown}); what cannot be recorded
 * after bounded retries, or cannot be attributed to an item of an op at all, is counted, logged and passed over.
 * It never fails, so no record can stop a consumer; an op left short of items is ended by {@link StalledOpReaper}.
 */
@ApplicationScoped
public class OpBatchRecorder {

    /** What a worker does with a batch of checked items of one op. */
    @FunctionalInterface
    public interface OpWork<T extends OpItem> {
        Uni<BatchRecorded> record(BulkOperation op, List<T> items);
    }

    static final String UNREADABLE_DETAIL = "The connection's record could not be read.";
    private static final Logger LOG = Logger.getLogger(OpBatchRecorder.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int FAILURE_RETRIES = 3;

    private final BulkOperationRepository operations;
    private final OpProgressRepository progress;
    private final OpMetrics metrics;
    private final OpAnnouncer announcer;

    public OpBatchRecorder(BulkOperationRepository operations, OpProgressRepository progress, OpMetrics metrics,
            OpAnnouncer announcer) {
        this.operations = operations;
        this.progress = progress;
        this.metrics = metrics;
        this.announcer = announcer;
    }

    /**
     * Records a batch of one op type, op by op, and announces each op it finished as soon as that op is recorded (not
     * after the rest of the batch: a small op's waiter would wait for the other ops of its batch); answers those ops.
     */
    public <T extends OpItem> Uni<List<CompletedOperation>> process(BulkOpType type, List<T> items,
            List<UnreadableItem> unreadable, OpWork<T> work) {
        Map<UUID, OpBatch<T>> byOp = new LinkedHashMap<>();
        items.forEach(item -> byOp.computeIfAbsent(item.opId(), id -> new OpBatch<>()).items.add(item));
        unreadable.forEach(item -> byOp.computeIfAbsent(item.opId(), id -> new OpBatch<>()).unreadable.add(item));
        return Multi.createFrom().iterable(byOp.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> processOp(type, entry.getKey(), entry.getValue(),
                        work).call(completed -> completed == null ? Uni.createFrom().voidItem()
                                : announcer.announce(completed)))
                .filter(Objects::nonNull)
                .collect().asList();
    }

    private <T extends OpItem> Uni<CompletedOperation> processOp(BulkOpType type, UUID opId, OpBatch<T> batch,
            OpWork<T> work) {
        return operations.find(opId)
                .chain(op -> {
                    if (op == null || op.type() != type) {
                        unattributable(opId, batch.size(), op == null ? "unknown_op" : "wrong_op_type");
                        return Uni.createFrom().<CompletedOperation>nullItem();
                    }
                    OpBatch<T> checked = check(op, batch);
                    if (op.status().isTerminal()) {
                        // Redelivered, or arriving after a cancel: every item has its outcome, and a provider
                        // must not be called for an item that will never be applied. Records naming no item of the
                        // op were counted by the check all the same.
                        return Uni.createFrom().<CompletedOperation>nullItem();
                    }
                    return recordIsolating(op, checked.items, work)
                            .chain(recorded -> recordUnreadable(op, checked.unreadable).map(unread ->
                                    unread != null ? unread : recorded))
                            .map(last -> {
                                if (last != null && last.finishedNow()) {
                                    LOG.infof("op %s (%s): ended %s for team %s", op.id(), op.type(),
                                            last.status(), op.teamId());
                                }
                                return last != null && last.status().isTerminal()
                                        ? new CompletedOperation(op.id(), op.teamId(), last.status()) : null;
                            });
                })
                .onFailure(OpBatchRecorder::isTemporary).retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).indefinitely()
                .onFailure().recoverWithUni(failure -> {
                    // Something outside any one item (an op row the code cannot map, say): record them all as failed.
                    LOG.warnf("op %s: %d items could not be processed (%s); recording them as failed", opId,
                            batch.size(), failure.getClass().getSimpleName());
                    List<UnreadableItem> all = new ArrayList<>(batch.unreadable);
                    batch.items.forEach(item -> all.add(new UnreadableItem(item.opId(), item.itemIndex(),
                            item.userId(), failure.getClass().getSimpleName())));
                    return recordFailures(opId, null, outcomesOf(all, Map.of())).replaceWith((CompletedOperation) null);
                });
    }

    /** Moves items that disagree with their op to the unreadable ones, and drops indexes the op does not have. */
    private <T extends OpItem> OpBatch<T> check(BulkOperation op, OpBatch<T> batch) {
        OpBatch<T> checked = new OpBatch<>();
        int outside = 0;
        for (T item : batch.items) {
            if (item.itemIndex() < 0 || item.itemIndex() >= op.size()) {
                outside++;
            } else if (!op.teamId().equals(item.teamId()) || !op.provider().slug().equals(item.provider())) {
                checked.unreadable.add(new UnreadableItem(op.id(), item.itemIndex(), item.userId(),
                        "team or provider differs from the op's"));
            } else {
                checked.items.add(item);
            }
        }
        for (UnreadableItem item : batch.unreadable) {
            if (item.itemIndex() < 0 || item.itemIndex() >= op.size()) {
                outside++;
            } else {
                checked.unreadable.add(item);
            }
        }
        if (outside > 0) {
            unattributable(op.id(), outside, "index_outside_op");
        }
        return checked;
    }

    private <T extends OpItem> Uni<BatchRecorded> recordIsolating(BulkOperation op, List<T> items, OpWork<T> work) {
        if (items.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return work.record(op, items)
                .invoke(recorded -> metrics.recorded(op, recorded))
                .onFailure(failure -> !isTemporary(failure)).recoverWithUni(failure -> {
                    if (items.size() > 1) {
                        LOG.warnf("op %s: batch of %d failed (%s); retrying its halves", op.id(), items.size(),
                                failure.getClass().getSimpleName());
                        int half = items.size() / 2;
                        return recordIsolating(op, items.subList(0, half), work)
                                .chain(() -> recordIsolating(op, items.subList(half, items.size()), work));
                    }
                    T item = items.get(0);
                    FailureReason reason = UniqueViolation.isCause(failure) ? FailureReason.duplicate_connection
                            : FailureReason.unknown;
                    LOG.warnf("op %s: item %d failed alone (%s), recorded as %s", op.id(), item.itemIndex(),
                            failure.getClass().getSimpleName(), reason);
                    metrics.isolated(op.type(), "item_failed");
                    return recordFailures(op.id(), op,
                            List.of(ItemOutcome.failed(item.itemIndex(), item.userId(), reason)));
                });
    }

    private Uni<BatchRecorded> recordUnreadable(BulkOperation op, List<UnreadableItem> unreadable) {
        if (unreadable.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        unreadable.forEach(item -> LOG.warnf("op %s: item %d is unreadable (%s); recording it as failed", op.id(),
                item.itemIndex(), item.cause()));
        metrics.isolated(op.type(), "unreadable_record", unreadable.size());
        return progress.submittedUsers(op.id(), unreadable.stream().map(UnreadableItem::itemIndex).toList())
                .chain(submitted -> recordFailures(op.id(), op, outcomesOf(unreadable, submitted)));
    }

    private List<ItemOutcome> outcomesOf(List<UnreadableItem> unreadable, Map<Integer, UUID> submitted) {
        List<ItemOutcome> outcomes = new ArrayList<>();
        for (UnreadableItem item : unreadable) {
            UUID user = submitted.getOrDefault(item.itemIndex(), item.userId());
            if (user == null) {
                unattributable(item.opId(), 1, "no_user");
            } else {
                outcomes.add(ItemOutcome.failed(item.itemIndex(), user, FailureReason.unknown, UNREADABLE_DETAIL));
            }
        }
        return outcomes;
    }

    /**
     * Records failed items in a transaction of their own: an outage is waited out, anything else is retried a few
     * times and then counted and passed over (the op is then ended as stalled once its records are all consumed).
     */
    private Uni<BatchRecorded> recordFailures(UUID opId, BulkOperation op, List<ItemOutcome> failures) {
        if (failures.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return progress.record(opId, failures)
                .invoke(recorded -> {
                    if (op != null) {
                        metrics.recorded(op, recorded);
                    }
                })
                .onFailure(failure -> !isTemporary(failure)).retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF)
                .atMost(FAILURE_RETRIES)
                .onFailure(OpBatchRecorder::isTemporary).retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).indefinitely()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("op %s: %d failed items could not be recorded (%s); passing over them", opId,
                            failures.size(), failure.getClass().getSimpleName());
                    metrics.unrecorded(failures.size());
                    return Uni.createFrom().item(BatchRecorded.nothingNew(BulkOpStatus.in_progress));
                });
    }

    private void unattributable(UUID opId, int count, String reason) {
        LOG.warnf("op %s: passing over %d records that name no item of it (%s)", opId, count, reason);
        metrics.unattributable(reason, count);
    }

    static boolean isTemporary(Throwable failure) {
        return TransientFailure.isCause(failure) || failure instanceof ProviderBusyException;
    }

    private static final class OpBatch<T> {
        final List<T> items = new ArrayList<>();
        final List<UnreadableItem> unreadable = new ArrayList<>();

        int size() {
            return items.size() + unreadable.size();
        }
    }
}
