package io.linkops.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.domain.QueuedPull;
import io.linkops.service.HistoricalPullService;
import io.linkops.service.ScheduledRounds;
import io.linkops.service.WorkerRoundsDisabled;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Worker role: every second, publishes the queued historical pulls the throttle allows and announces finished ops. */
@ApplicationScoped
public class HistoricalPullDispatcher {

    public static final String CHANNEL = "historical-pulls-out";

    private final HistoricalPullService service;
    private final BulkOperationCompletionPublisher completions;
    private final MutinyEmitter<Record<String, String>> emitter;
    private final ObjectMapper mapper;
    private final ScheduledRounds rounds;

    public HistoricalPullDispatcher(HistoricalPullService service, BulkOperationCompletionPublisher completions,
            @Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter, ObjectMapper mapper,
            ScheduledRounds rounds) {
        this.service = service;
        this.completions = completions;
        this.emitter = emitter;
        this.mapper = mapper;
        this.rounds = rounds;
    }

    @Scheduled(identity = "historical-pull-dispatch", every = "1s", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("historical-pull-dispatch", this::runOnce);
    }

    /** One dispatch round. */
    public Uni<Void> runOnce() {
        return service.dispatch(this::publish)
                .chain(finished -> Multi.createFrom().iterable(finished)
                        .onItem().transformToUniAndConcatenate(completions::announce)
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> publish(List<QueuedPull> pulls) {
        return Multi.createFrom().iterable(pulls)
                .onItem().transformToUniAndMerge(pull -> emitter.send(Record.of(pull.userId().toString(),
                        serialize(new HistoricalPullRequest(UUID.randomUUID(), pull.teamId(), pull.userId(),
                                pull.provider().slug(), pull.opId(), Instant.now())))))
                .collect().last()
                .replaceWithVoid();
    }

    private String serialize(HistoricalPullRequest request) {
        try {
            return mapper.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("historical pull request not serializable", e);
        }
    }
}
