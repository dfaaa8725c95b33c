package io.linkops.service;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.BulkOpType;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.ItemOutcome;
import io.linkops.domain.Provider;
import io.linkops.repository.BatchRecorded;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The figures an operator watches on bulk ops: started and finished by status, items by outcome (success or the
 * failure reason), and enqueue and end-to-end latency histograms. Counted where items are first recorded, so a
 * redelivery never counts twice.
 */
@ApplicationScoped
public class OpMetrics {

    private final MeterRegistry registry;

    public OpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void started(BulkOpType type) {
        registry.counter("linkops.bulk_ops.started", "type", type.name()).increment();
    }

    public void enqueued(BulkOpType type, Duration took) {
        timer("linkops.bulk_ops.enqueue", type).record(took);
    }

    /** An op whose Kafka commit could not be confirmed: left to the sweeper, which reads Kafka's answer. */
    public void enqueueUndecided(BulkOpType type) {
        registry.counter("linkops.bulk_ops.enqueue_undecided", "type", type.name()).increment();
    }

    /** An op whose records Kafka did not take: aborted, nothing of it visible, the client told to retry. */
    public void enqueueFailed(BulkOpType type) {
        registry.counter("linkops.bulk_ops.enqueue_failed", "type", type.name()).increment();
    }

    public void recorded(BulkOperation op, BatchRecorded batch) {
        // One counter lookup per outcome of the batch, not per item: per item it was 2 % of a worker's CPU.
        Map<String, Integer> byOutcome = new HashMap<>();
        for (ItemOutcome outcome : batch.recorded()) {
            byOutcome.merge(outcome.isSuccess() ? "success" : outcome.failure().name(), 1, Integer::sum);
        }
        byOutcome.forEach((outcome, count) -> registry.counter("linkops.bulk_op.items", "type", op.type().name(),
                "outcome", outcome).increment(count));
        if (batch.missing() > 0) {
            registry.counter("linkops.bulk_op.items", "type", op.type().name(), "outcome", "unknown")
                    .increment(batch.missing());
        }
        if (batch.finishedNow()) {
            finished(op, batch.status());
        }
    }

    public void finished(BulkOperation op, BulkOpStatus status) {
        registry.counter("linkops.bulk_ops.finished", "type", op.type().name(), "status", status.name()).increment();
        timer("linkops.bulk_ops.end_to_end", op.type()).record(Duration.between(op.startedAt(), Instant.now()));
    }

    /** An op its team cancelled, and the items that were never applied because of it. */
    public void cancelled(BulkOperation op, int items) {
        registry.counter("linkops.bulk_op.items", "type", op.type().name(), "outcome", "cancelled").increment(items);
        finished(op, BulkOpStatus.aborted);
    }

    /** An item a worker recorded as failed because of its record or an error of its own, not of its connection. */
    public void isolated(BulkOpType type, String kind) {
        isolated(type, kind, 1);
    }

    public void isolated(BulkOpType type, String kind, int count) {
        registry.counter("linkops.worker.items.isolated", "type", type.name(), "kind", kind).increment(count);
    }

    /** Records that name no item of any op (or no user), passed over. */
    public void unattributable(String reason, int count) {
        registry.counter("linkops.worker.records.unattributable", "reason", reason).increment(count);
    }

    /** Failed items that could not be recorded even alone, passed over. */
    public void unrecorded(int count) {
        registry.counter("linkops.worker.items.unrecorded").increment(count);
    }

    /** An op ended because items were still missing once every one of its records had been consumed. */
    public void stalled(BulkOperation op) {
        registry.counter("linkops.bulk_ops.stalled", "type", op.type().name()).increment();
    }

    /** A claimed historical pull the broker did not acknowledge; it is released and dispatched again later. */
    public void pullNotPublished(Provider provider) {
        registry.counter("linkops.historical_pulls.not_published", "provider", provider.slug()).increment();
    }

    private Timer timer(String name, BulkOpType type) {
        return Timer.builder(name).tag("type", type.name()).publishPercentileHistogram().register(registry);
    }
}
