package io.linkops.messaging;

import io.linkops.domain.ConnectionEvent;
import io.linkops.repository.ConnectionEventRepository;
import io.linkops.service.ScheduledRounds;
import io.linkops.service.WorkerRoundsDisabled;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Moves connection events from the outbox to the events topic (worker role), keyed by user id: claims a batch, sends
 * it outside any SQL transaction, deletes what the broker acknowledged and releases the rest. An event is deleted only
 * after the broker acknowledged it, so it is published at least once; consumers de-duplicate by event_id, which the
 * outbox row carries from its insert, so every publication of an event has the same one.
 */
@ApplicationScoped
public class ConnectionEventRelay {

    private static final Logger LOG = Logger.getLogger(ConnectionEventRelay.class);
    // Outbox rows per claim: a row of an import batch holds up to a few thousand events.
    private static final int BATCH = 32;

    private final ConnectionEventRepository outbox;
    private final ConnectionEventProducer producer;
    private final ScheduledRounds rounds;
    private final MeterRegistry metrics;

    public ConnectionEventRelay(ConnectionEventRepository outbox, ConnectionEventProducer producer,
            ScheduledRounds rounds, MeterRegistry metrics) {
        this.outbox = outbox;
        this.producer = producer;
        this.rounds = rounds;
        this.metrics = metrics;
    }

    @Scheduled(identity = "connection-event-relay", every = "1s", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("connection-event-relay", this::relayAll);
    }

    /** Relays full batches until one is not: the outbox is empty, or the broker refused some; answers how many. */
    public Uni<Integer> relayAll() {
        UUID claimId = UUID.randomUUID();
        return outbox.claim(claimId, BATCH)
                .chain(events -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(this::publish)
                        .filter(Objects::nonNull)
                        .collect().asList()
                        .call(acknowledged -> deleteAndRelease(claimId, events, acknowledged)))
                .chain(acknowledged -> acknowledged.size() < BATCH ? Uni.createFrom().item(acknowledged.size())
                        : relayAll().map(more -> acknowledged.size() + more));
    }

    // Answers the row's id once the broker acknowledged every event it holds, null if it did not.
    private Uni<UUID> publish(ConnectionEvent row) {
        List<Record<String, String>> events;
        try {
            events = row.isCompactBatch() ? CreatedEventLines.expand(row)
                    : row.isBatch() ? expand(row) : List.of(Record.of(row.userId().toString(), row.payload()));
        } catch (RuntimeException unreadable) {
            return notPublished(row, "its payload is not one line per event");
        }
        return producer.sendAll(events)
                .onFailure().recoverWithItem(false)
                .chain(acknowledged -> acknowledged ? Uni.createFrom().item(row.id())
                        : notPublished(row, "the broker refused it"));
    }

    /** An earlier import batch row: a line per event, the user id (the record key), a space and the event JSON. */
    private static List<Record<String, String>> expand(ConnectionEvent row) {
        List<Record<String, String>> events = new ArrayList<>();
        for (String line : row.payload().split("\n")) {
            int space = line.indexOf(' ');
            if (space < 1 || line.length() < space + 2) {
                throw new IllegalArgumentException("an event line without a user id and JSON");
            }
            events.add(Record.of(line.substring(0, space), line.substring(space + 1)));
        }
        return events;
    }

    private Uni<UUID> notPublished(ConnectionEvent row, String why) {
        LOG.warnf("connection event row %s (%s) not published, %s; released for a later round", row.id(),
                row.isBatch() ? "an import batch" : "user " + row.userId(), why);
        metrics.counter("linkops.connection_events.not_published", "event_type", row.eventType()).increment();
        return Uni.createFrom().nullItem();
    }

    private Uni<Void> deleteAndRelease(UUID claimId, List<ConnectionEvent> events, List<UUID> acknowledged) {
        Set<UUID> sent = new HashSet<>(acknowledged);
        List<UUID> unsent = events.stream().map(ConnectionEvent::id).filter(id -> !sent.contains(id)).toList();
        return (acknowledged.isEmpty() ? Uni.createFrom().voidItem() : outbox.delete(acknowledged))
                .call(() -> unsent.isEmpty() ? Uni.createFrom().voidItem() : outbox.release(claimId, unsent));
    }
}
