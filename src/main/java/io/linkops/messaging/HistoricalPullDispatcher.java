package io.linkops.messaging;

import io.linkops.service.HistoricalPullService;
import io.linkops.service.WorkerTimers;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Worker role: every second, publishes the queued historical pulls the throttle allows and announces finished ops.
 * Each round claims pulls, publishes them, then records them (see {@link HistoricalPullService#dispatch}).
 */
@ApplicationScoped
public class HistoricalPullDispatcher {

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final HistoricalPullService service;
    private final HistoricalPullPublisher publisher;
    private final BulkOperationCompletionPublisher completions;
    private final WorkerTimers timers;

    public HistoricalPullDispatcher(HistoricalPullService service, HistoricalPullPublisher publisher,
            BulkOperationCompletionPublisher completions, WorkerTimers timers) {
        this.service = service;
        this.publisher = publisher;
        this.completions = completions;
        this.timers = timers;
    }

    void onStart(@Observes StartupEvent event) {
        timers.every(PERIOD, "historical-pull dispatch", this::runOnce);
    }

    /** One dispatch round. */
    public Uni<Void> runOnce() {
        return service.dispatch(publisher::publish)
                .chain(finished -> Multi.createFrom().iterable(finished)
                        .onItem().transformToUniAndConcatenate(completions::announce)
                        .collect().last())
                .replaceWithVoid();
    }
}
