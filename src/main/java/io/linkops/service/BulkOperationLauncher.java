package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.BulkOperation;
import io.linkops.messaging.OpRecord;
import io.linkops.messaging.OpRecordPublisher;
import io.linkops.repository.BulkOperationRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.jboss.logging.Logger;

/**
 * Starts any bulk op the same way: create it unconfirmed within the team's limit of open ops, register the waiter,
 * publish its records in one Kafka transaction (abort the op if that fails), confirm it, then answer at once or when
 * it completes within the bound.
 */
@ApplicationScoped
public class BulkOperationLauncher {

    private static final Logger LOG = Logger.getLogger(BulkOperationLauncher.class);

    private final BulkOperationRepository operations;
    private final OpRecordPublisher publisher;
    private final BulkOperationWaiter waiter;
    private final BulkOperationQueryService queries;
    private final LinkopsConfig config;
    private final OpMetrics metrics;

    public BulkOperationLauncher(BulkOperationRepository operations, OpRecordPublisher publisher,
            BulkOperationWaiter waiter, BulkOperationQueryService queries, LinkopsConfig config, OpMetrics metrics) {
        this.operations = operations;
        this.publisher = publisher;
        this.waiter = waiter;
        this.queries = queries;
        this.config = config;
        this.metrics = metrics;
    }

    public Uni<BulkOperationView> launch(BulkOperation op, String topic, IntFunction<? extends OpRecord> recordAt,
            boolean waitForCompletion) {
        int maxOpen = config.bulkImport().maxOpenOpsPerTeam();
        return operations.insertUnconfirmedWithin(op, maxOpen).chain(created -> {
            if (!created) {
                return Uni.createFrom().failure(new TooManyOpenOperationsException(maxOpen));
            }
            CompletableFuture<Void> completion = waitForCompletion ? waiter.register(op.id()) : null;
            return publisher.publish(topic, op.id(), op.size(), recordAt)
                    .onFailure().call(failure -> {
                        if (completion != null) {
                            waiter.forget(op.id(), completion);
                        }
                        LOG.warnf("op %s: enqueue failed (%s); aborting it", op.id(),
                                failure.getClass().getSimpleName());
                        return operations.abortUnconfirmed(op.id()).onFailure().recoverWithNull();
                    })
                    .chain(() -> operations.confirmEnqueued(op.id()))
                    .invoke(() -> {
                        metrics.started(op.type());
                        metrics.enqueued(op.type(), Duration.between(op.startedAt(), Timestamps.now()));
                    })
                    .invoke(() -> LOG.infof("op %s (%s): %d items enqueued for team %s", op.id(), op.type(),
                            op.size(), op.teamId()))
                    .chain(() -> completion == null ? Uni.createFrom().voidItem()
                            : waiter.await(op.id(), completion, remainingBound(op)).replaceWithVoid())
                    .chain(() -> queries.view(op.teamId(), op.id()));
        });
    }

    private Duration remainingBound(BulkOperation op) {
        Duration elapsed = Duration.between(op.startedAt(), Timestamps.now());
        Duration remaining = config.bulkImport().waitBound().minus(elapsed);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }
}
