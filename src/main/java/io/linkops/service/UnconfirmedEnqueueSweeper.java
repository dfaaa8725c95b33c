package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.repository.BulkOperationRepository;
import io.linkops.repository.BulkOperationRepository.Unconfirmed;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Decides ops whose API process never confirmed their enqueue (it died, or its commit failed in a way that may have
 * committed), from what Kafka holds: an op on the enqueue ledger is confirmed, with where its records are, however
 * far behind the workers are; one absent from a ledger that no open transaction can still change is aborted. Only
 * ops older than the producer's transaction timeout are looked at, so their transactions have ended either way.
 */
@ApplicationScoped
public class UnconfirmedEnqueueSweeper {

    private static final Logger LOG = Logger.getLogger(UnconfirmedEnqueueSweeper.class);
    private static final Duration TRANSACTION_MARGIN = Duration.ofSeconds(30);
    private static final int BATCH = 500;
    // Producers stamp records with their own clock: read the ledger from a little before the oldest op started.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final BulkOperationRepository operations;
    private final EnqueueLedger ledger;
    private final OpMetrics metrics;
    private final LinkopsConfig config;
    private final ScheduledRounds rounds;

    public UnconfirmedEnqueueSweeper(BulkOperationRepository operations, EnqueueLedger ledger, OpMetrics metrics,
            LinkopsConfig config, ScheduledRounds rounds) {
        this.operations = operations;
        this.ledger = ledger;
        this.metrics = metrics;
        this.config = config;
        this.rounds = rounds;
        Duration timeout = config.bulkImport().unconfirmedEnqueueTimeout();
        Duration transaction = config.bulkImport().transactionTimeout();
        if (timeout.compareTo(transaction.plus(TRANSACTION_MARGIN)) < 0) {
            // Younger ops may still be inside their transaction: the ledger cannot say "never" for them yet.
            throw new IllegalStateException("linkops.bulk-import.unconfirmed-enqueue-timeout (" + timeout
                    + ") must exceed linkops.bulk-import.transaction-timeout (" + transaction + ") by at least "
                    + TRANSACTION_MARGIN);
        }
    }

    @Scheduled(identity = "unconfirmed-op-sweep", every = "${linkops.bulk-import.sweep-interval:30s}",
            delayed = "${linkops.bulk-import.sweep-interval:30s}", concurrentExecution =
            Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("unconfirmed-op-sweep", this::sweep);
    }

    /** One round; answers the ops it aborted. */
    public Uni<List<UUID>> sweep() {
        return operations.unconfirmedStartedBefore(
                        Timestamps.now().minus(config.bulkImport().unconfirmedEnqueueTimeout()), BATCH)
                .chain(candidates -> candidates.isEmpty() ? Uni.createFrom().item(List.<UUID>of())
                        : ledger.read(candidates.get(0).startedAt().minus(CLOCK_SKEW))
                                .chain(entries -> decide(candidates, entries)));
    }

    private Uni<List<UUID>> decide(List<Unconfirmed> candidates, EnqueueLedger.Entries entries) {
        return Multi.createFrom().iterable(candidates)
                .onItem().transformToUniAndConcatenate(op -> {
                    Map<Integer, Long> offsets = entries.committed().get(op.id());
                    if (offsets != null) {
                        return operations.confirmEnqueued(op.id(), offsets)
                                .invoke(confirmed -> {
                                    if (confirmed) {
                                        LOG.warnf("op %s: never confirmed by its API, but Kafka committed its "
                                                + "records: confirmed", op.id());
                                        metrics.started(op.type());
                                    }
                                })
                                .replaceWith((UUID) null);
                    }
                    if (!entries.complete()) {
                        LOG.debugf("op %s: a transaction on the enqueue ledger is still open; deciding later", op.id());
                        return Uni.createFrom().<UUID>nullItem();
                    }
                    return operations.abortUnconfirmed(op.id())
                            .map(aborted -> {
                                if (aborted) {
                                    LOG.warnf("op %s: Kafka never committed its records; aborted", op.id());
                                }
                                return aborted ? op.id() : null;
                            });
                })
                .filter(Objects::nonNull)
                .collect().asList();
    }
}
