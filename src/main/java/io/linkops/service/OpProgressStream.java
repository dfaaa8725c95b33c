package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.OpProgress;
import io.linkops.repository.BulkOperationRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Follows one op for a live stream: reads its state from the database (so it works whichever process records the
 * op) at most every {@code linkops.events.interval}, emits it when it changed or a heartbeat when nothing changed
 * for {@code linkops.events.heartbeat}, reads at once when the op's completion is announced, and completes after
 * the terminal state. A failed read is logged and tried again at the next tick; it never ends the stream.
 */
@ApplicationScoped
public class OpProgressStream {

    /** What the stream carries: the op's state, or a heartbeat ({@code progress} null). */
    public record Update(OpProgress progress) {

        public boolean isHeartbeat() {
            return progress == null;
        }
    }

    private static final Logger LOG = Logger.getLogger(OpProgressStream.class);
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    private final BulkOperationRepository operations;
    private final BulkOperationWaiter waiter;
    private final Vertx vertx;
    private final LinkopsConfig config;
    private final Counter readsFailed;

    public OpProgressStream(BulkOperationRepository operations, BulkOperationWaiter waiter, Vertx vertx,
            LinkopsConfig config, MeterRegistry registry) {
        this.operations = operations;
        this.waiter = waiter;
        this.vertx = vertx;
        this.config = config;
        this.readsFailed = registry.counter("linkops.bulk_op.events.reads_failed");
    }

    /** The op's updates; the caller has found the op in the team. */
    public Multi<Update> follow(UUID opId) {
        return Multi.createFrom().emitter(emitter -> new Follower(opId, emitter).start());
    }

    private final class Follower {

        private final UUID opId;
        private final MultiEmitter<? super Update> emitter;
        private final AtomicBoolean reading = new AtomicBoolean();
        private final AtomicBoolean readAgain = new AtomicBoolean();
        private final Deque<long[]> samples = new ArrayDeque<>();
        private CompletableFuture<Void> completion;
        private long timer;
        private volatile OpProgress last;
        private Map<String, Integer> byReason = Map.of();
        private int failedCounted = -1;
        private volatile long lastEmittedAt;
        private boolean failing;

        Follower(UUID opId, MultiEmitter<? super Update> emitter) {
            this.opId = opId;
            this.emitter = emitter;
        }

        void start() {
            completion = waiter.register(opId);
            completion.thenRun(this::read);
            timer = vertx.setPeriodic(config.events().interval().toMillis(), id -> tick());
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                waiter.forget(opId, completion);
            });
            read();
        }

        private void tick() {
            if (last != null && System.nanoTime() - lastEmittedAt >= config.events().heartbeat().toNanos()) {
                emit(new Update(null));
            }
            read();
        }

        private void read() {
            if (!reading.compareAndSet(false, true)) {
                readAgain.set(true);
                return;
            }
            operations.find(opId)
                    .chain(op -> op == null || op.failed() == failedCounted ? Uni.createFrom().item(op)
                            : operations.failuresByReason(opId).invoke(counted -> {
                                byReason = counted;
                                failedCounted = op.failed();
                            }).replaceWith(op))
                    .subscribe().with(this::seen, failure -> {
                        if (!failing) {
                            LOG.warnf("op %s: its progress could not be read (%s); trying again every tick", opId,
                                    failure.getClass().getSimpleName());
                        }
                        failing = true;
                        readsFailed.increment();
                        done();
                    });
        }

        private void seen(BulkOperation op) {
            failing = false;
            if (op == null) {
                // Its team was deleted meanwhile: there is nothing left to follow.
                emitter.complete();
                return;
            }
            OpProgress now = progressOf(op);
            if (last == null || now.processed() != last.processed() || now.status() != last.status()) {
                last = now;
                emit(new Update(now));
            }
            if (op.status().isTerminal()) {
                emitter.complete();
                return;
            }
            done();
        }

        private void done() {
            reading.set(false);
            if (readAgain.compareAndSet(true, false)) {
                read();
            }
        }

        private OpProgress progressOf(BulkOperation op) {
            long now = System.nanoTime();
            samples.addLast(new long[] {now, op.processed()});
            while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW.toNanos()) {
                samples.removeFirst();
            }
            long[] oldest = samples.peekFirst();
            double seconds = (now - oldest[0]) / 1e9;
            Double rate = seconds < 0.2 ? null : (op.processed() - oldest[1]) / seconds;
            Double eta = rate == null || rate <= 0 ? null : op.pending() / rate;
            return new OpProgress(op.status(), op.size(), op.processed(), op.failed(), byReason, rate, eta);
        }

        private void emit(Update update) {
            lastEmittedAt = System.nanoTime();
            emitter.emit(update);
        }
    }
}
