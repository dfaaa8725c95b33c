package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.repository.BulkOperationRepository;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
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
    private static final Duration PERIOD = Duration.ofSeconds(30);

    private final BulkOperationRepository operations;
    private final LinkopsConfig config;
    private final WorkerTimers timers;

    public UnconfirmedEnqueueSweeper(BulkOperationRepository operations, LinkopsConfig config, WorkerTimers timers) {
        this.operations = operations;
        this.config = config;
        this.timers = timers;
    }

    void onStart(@Observes StartupEvent event) {
        timers.every(PERIOD, "unconfirmed-op sweep", this::sweep);
    }

    Uni<List<UUID>> sweep() {
        return operations.abortUnconfirmedStartedBefore(
                        Timestamps.now().minus(config.bulkImport().unconfirmedEnqueueTimeout()))
                .invoke(aborted -> aborted.forEach(id -> LOG.warnf("op %s: never confirmed enqueued, aborted", id)));
    }
}
