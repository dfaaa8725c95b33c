package io.linkops.messaging;

import io.linkops.domain.ConnectionEvent;
import io.linkops.repository.ConnectionEventRepository;
import io.linkops.service.ScheduledRounds;
import io.linkops.service.WorkerRoundsDisabled;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Moves connection events from the outbox to the events topic (worker role), keyed by user id. An event is deleted
 * only after the broker acknowledged it, so it is published at least once; consumers de-duplicate by event_id.
 */
@ApplicationScoped
public class ConnectionEventRelay {

    public static final String CHANNEL = "connection-events-out";
    private static final int BATCH = 500;

    private final ConnectionEventRepository outbox;
    private final MutinyEmitter<Record<String, String>> emitter;
    private final ScheduledRounds rounds;

    public ConnectionEventRelay(ConnectionEventRepository outbox,
            @Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter, ScheduledRounds rounds) {
        this.outbox = outbox;
        this.emitter = emitter;
        this.rounds = rounds;
    }

    @Scheduled(identity = "connection-event-relay", every = "1s", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("connection-event-relay", this::relayAll);
    }

    /** Relays batches until the outbox is empty; answers how many events went out. */
    public Uni<Integer> relayAll() {
        return outbox.relay(BATCH, this::publish)
                .chain(relayed -> relayed < BATCH ? Uni.createFrom().item(relayed)
                        : relayAll().map(more -> relayed + more));
    }

    private Uni<Void> publish(List<ConnectionEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndMerge(event ->
                        emitter.send(Record.of(event.userId().toString(), event.payload())))
                .collect().last()
                .replaceWithVoid();
    }
}
