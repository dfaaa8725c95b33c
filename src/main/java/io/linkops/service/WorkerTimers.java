package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs the worker role's background rounds (refresher, sweeper, relays) on a Vert.x timer: only in the worker role,
 * one round of a task at a time (a round still running absorbs the next tick), all stopped at shutdown.
 */
@ApplicationScoped
public class WorkerTimers {

    private static final Logger LOG = Logger.getLogger(WorkerTimers.class);

    private final Vertx vertx;
    private final boolean workerRole;
    private final List<Long> timers = new CopyOnWriteArrayList<>();

    public WorkerTimers(Vertx vertx, LinkopsConfig config) {
        this.vertx = vertx;
        this.workerRole = config.role().contains(LinkopsConfig.Role.worker);
    }

    public void every(Duration period, String task, Supplier<Uni<?>> round) {
        if (!workerRole) {
            return;
        }
        AtomicBoolean running = new AtomicBoolean();
        timers.add(vertx.setPeriodic(period.toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                round.get().onTermination().invoke(() -> running.set(false)).subscribe().with(
                        result -> LOG.tracef("%s: %s", task, result),
                        failure -> LOG.debugf("%s round failed: %s", task, failure.getClass().getSimpleName()));
            }
        }));
    }

    void onStop(@Observes ShutdownEvent event) {
        timers.forEach(vertx::cancelTimer);
    }
}
