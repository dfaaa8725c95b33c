package io.linkops.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a request wait for its op's completion event without holding a thread. Register before publishing (the
 * event may come first), then await with a bound; every way the wait ends removes the entry, so none leaks.
 */
@ApplicationScoped
public class BulkOperationWaiter {

    // Several requests may wait for one op in one replica: its first request and repeats with its Idempotency-Key.
    private final ConcurrentHashMap<UUID, Set<CompletableFuture<Void>>> pending = new ConcurrentHashMap<>();

    public BulkOperationWaiter(MeterRegistry registry) {
        Gauge.builder("linkops.bulk_op.waiters.pending", this, BulkOperationWaiter::pendingCount)
                .description("Requests waiting for their bulk op to complete in this replica")
                .register(registry);
    }

    public CompletableFuture<Void> register(UUID opId) {
        CompletableFuture<Void> completion = new CompletableFuture<>();
        pending.compute(opId, (id, waiting) -> {
            Set<CompletableFuture<Void>> all = waiting == null ? ConcurrentHashMap.newKeySet() : waiting;
            all.add(completion);
            return all;
        });
        return completion;
    }

    /** Wakes the waiters of this op, if any wait in this replica. */
    public void complete(UUID opId) {
        // remove() finds and claims in one step; an event nobody waits for here belongs to another replica or to
        // a request already answered, and is dropped.
        Set<CompletableFuture<Void>> waiting = pending.remove(opId);
        if (waiting != null) {
            waiting.forEach(completion -> completion.complete(null));
        }
    }

    /** Answers true when the op completed within the bound, false when the bound passed first. */
    public Uni<Boolean> await(UUID opId, CompletableFuture<Void> completion, Duration bound) {
        if (bound.isZero() || bound.isNegative()) {
            // The enqueue used the whole bound: Mutiny refuses a zero timeout, and the answer is "not yet" anyway.
            forget(opId, completion);
            return Uni.createFrom().item(completion.isDone());
        }
        return Uni.createFrom().completionStage(completion)
                .replaceWith(Boolean.TRUE)
                .ifNoItem().after(bound).recoverWithItem(Boolean.FALSE)
                .onTermination().invoke(() -> forget(opId, completion));
    }

    public void forget(UUID opId, CompletableFuture<Void> completion) {
        pending.computeIfPresent(opId, (id, waiting) -> {
            waiting.remove(completion);
            return waiting.isEmpty() ? null : waiting;
        });
    }

    public int pendingCount() {
        return pending.values().stream().mapToInt(Set::size).sum();
    }
}
