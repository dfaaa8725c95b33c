package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.repository.BulkOperationRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Aborts ops whose API process died between creating the op and confirming its Kafka transaction. Past the
 * producer's transaction timeout such a transaction is aborted by the broker, so the op can never receive a record.
 * A worker that reads one of its records confirms the op first, under a row lock, so the two cannot both win.
 */
@ApplicationScoped
public class UnconfirmedEnqueueSweeper {

    private static final Logger LOG = Logger.getLogger(UnconfirmedEnqueueSweeper.class);

    private final BulkOperationRepository operations;
    private final LinkopsConfig config;
    private final ScheduledRounds rounds;

    public UnconfirmedEnqueueSweeper(BulkOperationRepository operations, LinkopsConfig config,
            ScheduledRounds rounds) {
        this.operations = operations;
        this.config = config;
        this.rounds = rounds;
    }

    @Scheduled(identity = "unconfirmed-op-sweep", every = "30s", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("unconfirmed-op-sweep", this::sweep);
    }

    Uni<List<UUID>> sweep() {
        return operations.abortUnconfirmedStartedBefore(
                        Timestamps.now().minus(config.bulkImport().unconfirmedEnqueueTimeout()))
                .invoke(aborted -> aborted.forEach(id -> LOG.warnf("op %s: never confirmed enqueued, aborted", id)));
    }
}
