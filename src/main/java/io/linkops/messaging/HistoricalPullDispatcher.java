package io.linkops.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.QueuedPull;
import io.linkops.service.HistoricalPullService;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Worker role: every second, publishes the queued historical pulls the throttle allows and announces finished ops. */
@ApplicationScoped
public class HistoricalPullDispatcher {

    public static final String CHANNEL = "historical-pulls-out";
    private static final Logger LOG = Logger.getLogger(HistoricalPullDispatcher.class);
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final HistoricalPullService service;
    private final BulkOperationCompletionPublisher completions;
    private final MutinyEmitter<Record<String, String>> emitter;
    private final ObjectMapper mapper;
    private final LinkopsConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timerId = -1;

    public HistoricalPullDispatcher(HistoricalPullService service, BulkOperationCompletionPublisher completions,
            @Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter, ObjectMapper mapper,
            LinkopsConfig config, Vertx vertx) {
        this.service = service;
        this.completions = completions;
        this.emitter = emitter;
        this.mapper = mapper;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.role().contains(LinkopsConfig.Role.worker)) {
            timerId = vertx.setPeriodic(PERIOD.toMillis(), id -> {
                if (running.compareAndSet(false, true)) {
                    runOnce().onTermination().invoke(() -> running.set(false)).subscribe().with(
                            ignored -> { },
                            failure -> LOG.debugf("dispatch paused: %s", failure.getClass().getSimpleName()));
                }
            });
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
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
