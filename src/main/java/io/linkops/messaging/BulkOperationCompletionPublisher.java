package io.linkops.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.domain.CompletedOperation;
import io.linkops.service.BulkOperationWaiter;
import io.linkops.service.OpAnnouncer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Wakes this process's waiters of finished ops and announces them on the completion topic for every replica. */
@ApplicationScoped
public class BulkOperationCompletionPublisher implements OpAnnouncer {

    public static final String CHANNEL = "bulk-op-completions-out";
    private static final Logger LOG = Logger.getLogger(BulkOperationCompletionPublisher.class);

    private final MutinyEmitter<Record<String, byte[]>> emitter;
    private final ObjectMapper mapper;
    private final BulkOperationWaiter localWaiters;

    public BulkOperationCompletionPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, byte[]>> emitter,
            ObjectMapper mapper, BulkOperationWaiter localWaiters) {
        this.emitter = emitter;
        this.mapper = mapper;
        this.localWaiters = localWaiters;
    }

    /**
     * Completes when the broker acknowledged the event. A failure after retries is logged and swallowed: the op's
     * state is already durable, and a waiter that misses the event re-reads the op when its bound passes.
     */
    @Override
    public Uni<Void> announce(CompletedOperation op) {
        // A waiter in this process (api and worker in one) answers now; others hear the event.
        localWaiters.complete(op.opId());
        BulkOperationCompleted event = new BulkOperationCompleted(op.opId(), op.teamId(), op.status().name());
        return Uni.createFrom().deferred(() -> emitter.send(Record.of(op.opId().toString(), serialize(event))))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(3)
                .onFailure().invoke(failure -> LOG.warnf("op %s: completion event not published (%s)", op.opId(),
                        failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    /** Announces each op in turn; completes when all were announced (or given up on, as {@link #announce}). */
    @Override
    public Uni<Void> announceAll(List<CompletedOperation> ops) {
        return Multi.createFrom().iterable(ops)
                .onItem().transformToUniAndConcatenate(this::announce)
                .collect().last()
                .replaceWithVoid();
    }

    private byte[] serialize(BulkOperationCompleted event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("completion event not serializable", e);
        }
    }
}
