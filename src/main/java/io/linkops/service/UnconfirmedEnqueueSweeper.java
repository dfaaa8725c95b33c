package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.repository.BulkOperationRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
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
    private final Vertx vertx;
    private long timerId = -1;

    public UnconfirmedEnqueueSweeper(BulkOperationRepository operations, LinkopsConfig config, Vertx vertx) {
        this.operations = operations;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.role().contains(LinkopsConfig.Role.worker)) {
            timerId = vertx.setPeriodic(PERIOD.toMillis(), id -> sweep());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    void sweep() {
        operations.abortUnconfirmedStartedBefore(Timestamps.now().minus(config.bulkImport().unconfirmedEnqueueTimeout()))
                .subscribe().with(
                        aborted -> aborted.forEach(id -> LOG.warnf("op %s: never confirmed enqueued, aborted", id)),
                        failure -> LOG.debugf("sweep skipped: %s", failure.getClass().getSimpleName()));
    }
}
