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

    public void recorded(BulkOperation op, BatchRecorded batch) {
        for (ItemOutcome outcome : batch.recorded()) {
            registry.counter("linkops.bulk_op.items", "type", op.type().name(), "outcome",
                    outcome.isSuccess() ? "success" : outcome.failure().name()).increment();
        }
        if (batch.finishedNow()) {
            finished(op, batch.status());
        }
    }

    public void finished(BulkOperation op, BulkOpStatus status) {
        registry.counter("linkops.bulk_ops.finished", "type", op.type().name(), "status", status.name()).increment();
        timer("linkops.bulk_ops.end_to_end", op.type()).record(Duration.between(op.startedAt(), Instant.now()));
    }

    /** A claimed historical pull the broker did not acknowledge; it is released and dispatched again later. */
    public void pullNotPublished(Provider provider) {
        registry.counter("linkops.historical_pulls.not_published", "provider", provider.slug()).increment();
    }

    private Timer timer(String name, BulkOpType type) {
        return Timer.builder(name).tag("type", type.name()).publishPercentileHistogram().register(registry);
    }
}
