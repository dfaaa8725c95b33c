package io.linkops.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Runs one scheduled round: a failed round is logged at WARN with the task and counted, and the next one runs. */
@ApplicationScoped
public class ScheduledRounds {

    private static final Logger LOG = Logger.getLogger(ScheduledRounds.class);

    private final MeterRegistry metrics;

    public ScheduledRounds(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public Uni<Void> run(String task, Supplier<Uni<?>> round) {
        return Uni.createFrom().deferred(round)
                .invoke(result -> LOG.tracef("%s: %s", task, result))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    // Only the class: an exception's message may quote what it failed on.
                    LOG.warnf("%s round failed (%s)", task, failure.getClass().getName());
                    metrics.counter("linkops.worker.rounds.failed", "task", task).increment();
                    return Uni.createFrom().voidItem();
                });
    }
}
