package io.linkops.service;

import io.linkops.domain.BulkOpType;
import io.linkops.domain.CompletedOperation;
import io.linkops.repository.BulkOperationRepository;
import io.linkops.repository.BulkOperationRepository.OpRecords;
import io.linkops.repository.OpProgressRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Ends ops whose missing items can no longer arrive: once an op's consumer group has committed past every one of
 * its records, an item with no outcome (and not queued for a pull) was passed over for good. It is recorded as
 * failed ({@code unknown}), the op ends as {@code failure} and stops counting against its team's open ops. An op
 * whose records still wait behind a backlog is never touched: the group has not passed them yet.
 */
@ApplicationScoped
public class StalledOpReaper {

    static final String MISSING_DETAIL = "The connection's record was never processed; the op was ended once all of "
            + "its records had been consumed.";
    private static final Logger LOG = Logger.getLogger(StalledOpReaper.class);
    private static final Duration MIN_AGE = Duration.ofSeconds(10);
    private static final int BATCH = 200;

    private final BulkOperationRepository operations;
    private final OpProgressRepository progress;
    private final WorkProgress work;
    private final OpAnnouncer announcer;
    private final OpMetrics metrics;
    private final ScheduledRounds rounds;

    public StalledOpReaper(BulkOperationRepository operations, OpProgressRepository progress, WorkProgress work,
            OpAnnouncer announcer, OpMetrics metrics, ScheduledRounds rounds) {
        this.operations = operations;
        this.progress = progress;
        this.work = work;
        this.announcer = announcer;
        this.metrics = metrics;
        this.rounds = rounds;
    }

    @Scheduled(identity = "stalled-op-reaper", every = "15s", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("stalled-op-reaper", this::reap);
    }

    /** One round; answers the ops it ended. */
    public Uni<List<CompletedOperation>> reap() {
        return operations.openWithRecordsStartedBefore(Timestamps.now().minus(MIN_AGE), BATCH)
                .chain(open -> Multi.createFrom().iterable(open.stream()
                                .collect(Collectors.groupingBy(candidate -> candidate.op().type())).entrySet())
                        .onItem().transformToUniAndConcatenate(byType -> reap(byType.getKey(), byType.getValue()))
                        .onItem().transformToMultiAndConcatenate(ended -> Multi.createFrom().iterable(ended))
                        .collect().asList())
                .call(announcer::announceAll);
    }

    private Uni<List<CompletedOperation>> reap(BulkOpType type, List<OpRecords> candidates) {
        return work.committedOffsets(type)
                .chain(committed -> Multi.createFrom().iterable(candidates)
                        .filter(candidate -> allConsumed(candidate.lastOffsets(), committed))
                        .onItem().transformToUniAndConcatenate(this::end)
                        .filter(Objects::nonNull)
                        .collect().asList());
    }

    private Uni<CompletedOperation> end(OpRecords candidate) {
        return progress.recordMissing(candidate.op().id(), MISSING_DETAIL)
                .map(recorded -> {
                    if (recorded.missing() > 0) {
                        LOG.warnf("op %s: %d items never arrived though all its records were consumed; recorded "
                                + "as failed", candidate.op().id(), recorded.missing());
                        metrics.stalled(candidate.op());
                        metrics.recorded(candidate.op(), recorded);
                    }
                    return recorded.finishedNow() ? new CompletedOperation(candidate.op().id(),
                            candidate.op().teamId(), recorded.status()) : null;
                });
    }

    /** Whether the group has committed past the op's last record on every partition it wrote to. */
    static boolean allConsumed(Map<Integer, Long> lastOffsets, Map<Integer, Long> committed) {
        return !lastOffsets.isEmpty() && lastOffsets.entrySet().stream().allMatch(last -> {
            Long next = committed.get(last.getKey());
            return next != null && next > last.getValue();
        });
    }
}
