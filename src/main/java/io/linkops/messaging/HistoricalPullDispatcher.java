package io.linkops.messaging;

import io.linkops.service.HistoricalPullService;
import io.linkops.service.ScheduledRounds;
import io.linkops.service.WorkerRoundsDisabled;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Worker role: every second, publishes the queued historical pulls the throttle allows and announces finished ops.
 * Each round claims pulls, publishes them, then records them (see {@link HistoricalPullService#dispatch}).
 */
@ApplicationScoped
public class HistoricalPullDispatcher {

    private final HistoricalPullService service;
    private final HistoricalPullPublisher publisher;
    private final BulkOperationCompletionPublisher completions;
    private final ScheduledRounds rounds;

    public HistoricalPullDispatcher(HistoricalPullService service, HistoricalPullPublisher publisher,
            BulkOperationCompletionPublisher completions, ScheduledRounds rounds) {
        this.service = service;
        this.publisher = publisher;
        this.completions = completions;
        this.rounds = rounds;
    }

    @Scheduled(identity = "historical-pull-dispatch", every = "1s", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("historical-pull-dispatch", this::runOnce);
    }

    /** One dispatch round. */
    public Uni<Void> runOnce() {
        return service.dispatch(publisher::publish)
                .chain(completions::announceAll);
    }
}
