package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.IdempotencyDecision;
import io.linkops.repository.IdempotencyKeyRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Starts an op at most once per team and Idempotency-Key: the first request claims the key for the op it starts
 * (and frees it again if that start fails, so nothing was enqueued), a repeat with the same body answers with that
 * op as it stands, a repeat with another body or while the first is still enqueuing is refused.
 */
@ApplicationScoped
public class IdempotentLaunches {

    private static final Logger LOG = Logger.getLogger(IdempotentLaunches.class);
    // Longer than any request takes to create its op row: a key without one after this was left by a dead request.
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
    private static final int PURGE_BATCH = 1_000;

    private final IdempotencyKeyRepository keys;
    private final BulkOperationQueryService queries;
    private final BulkOperationWaiter waiter;
    private final LinkopsConfig config;
    private final ScheduledRounds rounds;

    public IdempotentLaunches(IdempotencyKeyRepository keys, BulkOperationQueryService queries,
            BulkOperationWaiter waiter, LinkopsConfig config, ScheduledRounds rounds) {
        this.keys = keys;
        this.queries = queries;
        this.waiter = waiter;
        this.config = config;
        this.rounds = rounds;
    }

    /** Runs {@code start} with a new op id, unless {@code key} (null: none) already names an op of the team. */
    public Uni<Launched> launch(UUID teamId, String key, byte[] fingerprint, boolean wait,
            Function<UUID, Uni<BulkOperationView>> start) {
        if (key == null) {
            return start.apply(UUID.randomUUID()).map(view -> new Launched(view, false));
        }
        return claimOrReplay(teamId, key, fingerprint, wait, start, 3);
    }

    private Uni<Launched> claimOrReplay(UUID teamId, String key, byte[] fingerprint, boolean wait,
            Function<UUID, Uni<BulkOperationView>> start, int attemptsLeft) {
        UUID opId = UUID.randomUUID();
        return keys.claim(teamId, key, fingerprint, opId, config.idempotency().retention()).chain(claimed -> {
            if (claimed) {
                return startHolding(teamId, key, opId, start);
            }
            return keys.held(teamId, key).chain(held -> {
                if (held == null) {
                    // Freed between the two statements: claim it again.
                    return attemptsLeft > 1 ? claimOrReplay(teamId, key, fingerprint, wait, start, attemptsLeft - 1)
                            : Uni.createFrom().failure(new IdempotencyKeyInFlightException());
                }
                return switch (IdempotencyDecision.of(held, fingerprint, Timestamps.now(), ABANDONED_AFTER)) {
                    case MISMATCH -> Uni.createFrom().failure(new IdempotencyKeyMismatchException());
                    case IN_FLIGHT -> Uni.createFrom().failure(new IdempotencyKeyInFlightException());
                    case REPLAY -> replay(teamId, held.opId(), wait);
                    case TAKE_OVER -> keys.takeOver(teamId, key, held.opId(), fingerprint, opId)
                            .chain(taken -> taken ? startHolding(teamId, key, opId, start)
                                    : Uni.createFrom().failure(new IdempotencyKeyInFlightException()));
                };
            });
        });
    }

    private Uni<Launched> startHolding(UUID teamId, String key, UUID opId,
            Function<UUID, Uni<BulkOperationView>> start) {
        return Uni.createFrom().deferred(() -> start.apply(opId))
                .map(view -> new Launched(view, false))
                // Refused or not enqueued: nothing of the op exists, so the key must not pin the refusal.
                .onFailure().call(failure -> keys.release(teamId, key, opId).onFailure().invoke(unreleased ->
                        LOG.warnf("op %s: its idempotency key could not be freed (%s); it frees itself in %s", opId,
                                unreleased.getClass().getSimpleName(), ABANDONED_AFTER))
                        .onFailure().recoverWithNull());
    }

    /** The op as it stands; a caller who asked to wait waits for it within the usual bound. */
    private Uni<Launched> replay(UUID teamId, UUID opId, boolean wait) {
        if (!wait) {
            return queries.view(teamId, opId).map(view -> new Launched(view, true));
        }
        // Registered before the state is read, so a completion between the two is not missed.
        CompletableFuture<Void> completion = waiter.register(opId);
        return queries.view(teamId, opId)
                .chain(view -> view.operation().status().isTerminal() ? Uni.createFrom().item(view)
                        : waiter.await(opId, completion, config.bulkImport().waitBound())
                                .chain(() -> queries.view(teamId, opId)))
                .map(view -> new Launched(view, true))
                .onTermination().invoke(() -> waiter.forget(opId, completion));
    }

    @Scheduled(identity = "idempotency-key-purge", every = "10m", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return rounds.run("idempotency-key-purge",
                () -> keys.purgeOlderThan(config.idempotency().retention(), PURGE_BATCH));
    }
}
