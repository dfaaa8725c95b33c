package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.BulkOperationItems;
import io.linkops.messaging.KafkaFailures;
import io.linkops.repository.BulkOperationRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
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

    private final BulkOperationWaiter waiter;
    private final BulkOperationQueryService queries;
    private final LinkopsConfig config;
    private final OpMetrics metrics;

    public BulkOperationLauncher(BulkOperationRepository operations, BulkOperationWaiter waiter, BulkOperationQueryService queries, LinkopsConfig config, OpMetrics metrics) {
        this.operations = operations;
        this.waiter = waiter;
        this.queries = queries;
        this.config = config;
        this.metrics = metrics;
    }

    /** Launches the op whose item {@code i} was submitted for {@code userIds[i]}; {@code enqueue} publishes them. */
    public Uni<BulkOperationView> launch(BulkOperation op, List<UUID> userIds,
            Supplier<Uni<Map<Integer, Long>>> enqueue, boolean waitForCompletion) {
        int maxOpen = config.bulkImport().maxOpenOpsPerTeam();
        RequestTraceLog requestLog = RequestTraceLog.capture();
        return operations.insertUnconfirmedWithin(op, userIds, maxOpen).chain(created -> {
            if (!created) {
                return Uni.createFrom().failure(new TooManyOpenOperationsException(maxOpen));
            }
            CompletableFuture<Void> completion = waitForCompletion ? waiter.register(op.id()) : null;
            return Uni.createFrom().<Map<Integer, Long>>deferred(enqueue::get)
                    .onFailure(EnqueueOutcomeUnknownException.class).recoverWithItem(unknown -> {
                        // Kafka may hold the op: it stays unconfirmed for the sweeper to decide from the ledger.
                        requestLog.log(() -> LOG.warnf("op %s: the commit of its records could not be confirmed "
                                + "(%s); the op will be decided from what Kafka holds", op.id(),
                                KafkaFailures.describe(unknown.getCause())));
                        metrics.enqueueUndecided(op.type());
                        return null;
                    })
                    .onFailure().call(failure -> {
                        requestLog.log(() -> LOG.warnf("op %s: enqueue failed (%s); aborting it", op.id(),
                                KafkaFailures.describe(failure)));
                        metrics.enqueueFailed(op.type());
                        return operations.abortUnconfirmed(op.id()).onFailure().recoverWithNull();
                    })
                    .chain(offsets -> offsets == null ? Uni.createFrom().item(false)
                            : confirm(op, offsets, requestLog))
                    .chain(confirmed -> completion == null || !confirmed ? Uni.createFrom().voidItem()
                            : waiter.await(op.id(), completion, remainingBound(op)).replaceWithVoid())
                    .chain(() -> queries.view(op.teamId(), op.id())
                            // Kafka holds the op whatever the database says now: never answer "nothing imported".
                            .onFailure().recoverWithItem(new BulkOperationView(op,
                                    new BulkOperationItems(List.of(), List.of()))))
                    // However the request ends (answered, failed, or the client hung up mid-enqueue), no waiter stays.
                    .onTermination().invoke(() -> {
                        if (completion != null) {
                            waiter.forget(op.id(), completion);
                        }
                    });
        });
    }

    /** Answers whether the op is confirmed; a confirm the database did not take is left to the sweeper. */
    private Uni<Boolean> confirm(BulkOperation op, Map<Integer, Long> offsets, RequestTraceLog requestLog) {
        return operations.confirmEnqueued(op.id(), offsets)
                .invoke(() -> {
                    metrics.started(op.type());
                    metrics.enqueued(op.type(), Duration.between(op.startedAt(), Timestamps.now()));
                    requestLog.log(() -> LOG.infof("op %s (%s): %d items enqueued for team %s", op.id(),
                            op.type(), op.size(), op.teamId()));
                })
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    requestLog.log(() -> LOG.warnf("op %s: committed to Kafka but not confirmed (%s); the sweeper "
                            + "will confirm it from the enqueue ledger", op.id(), failure.getClass().getSimpleName()));
                    metrics.enqueueUndecided(op.type());
                    return false;
                });
    }

    private Duration remainingBound(BulkOperation op) {
        Duration elapsed = Duration.between(op.startedAt(), Timestamps.now());
        Duration remaining = config.bulkImport().waitBound().minus(elapsed);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }
}
