package io.linkops.messaging;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.ConnectionEvent;
import io.linkops.repository.ConnectionEventRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Moves connection events from the outbox to the events topic (worker role), keyed by user id. An event is deleted
 * only after the broker acknowledged it, so it is published at least once; consumers de-duplicate by event_id.
 */
@ApplicationScoped
public class ConnectionEventRelay {

    public static final String CHANNEL = "connection-events-out";
    private static final Logger LOG = Logger.getLogger(ConnectionEventRelay.class);
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final int BATCH = 500;

    private final ConnectionEventRepository outbox;
    private final MutinyEmitter<Record<String, String>> emitter;
    private final LinkopsConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timerId = -1;

    public ConnectionEventRelay(ConnectionEventRepository outbox,
            @Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter, LinkopsConfig config, Vertx vertx) {
        this.outbox = outbox;
        this.emitter = emitter;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.role().contains(LinkopsConfig.Role.worker)) {
            timerId = vertx.setPeriodic(PERIOD.toMillis(), id -> {
                if (running.compareAndSet(false, true)) {
                    relayAll().onTermination().invoke(() -> running.set(false)).subscribe().with(
                            relayed -> LOG.debugf("relayed %d connection events", relayed),
                            failure -> LOG.debugf("event relay paused: %s", failure.getClass().getSimpleName()));
                }
            });
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
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
