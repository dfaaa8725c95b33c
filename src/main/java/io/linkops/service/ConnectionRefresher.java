package io.linkops.service;

import io.linkops.client.TokenRefreshAdapters;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.Provider;
import io.linkops.domain.RefreshOutcome;
import io.linkops.domain.ReservedRefresh;
import io.linkops.repository.TokenRefreshRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The worker role's background refresher. Each round it ends refreshes interrupted by a dead worker, surfaces expired
 * connections no endpoint can refresh, then reserves due connections a batch at a time (rows other workers reserved
 * are skipped, so workers share the due set) and refreshes them concurrently within this worker's bounds per
 * credential, per provider and in all, until nothing is due. One connection that fails is an outcome of its own.
 */
@ApplicationScoped
public class ConnectionRefresher {

    private static final Logger LOG = Logger.getLogger(ConnectionRefresher.class);
    private static final Duration RESERVATION = Duration.ofMinutes(2);
    private static final int SWEEP_LIMIT = 500;
    static final String INTERRUPTED_MESSAGE = "A refresh of this connection was interrupted after its refresh token "
            + "was sent; the provider may have replaced the token, so it is not sent again. Link the connection again.";
    static final String UNREFRESHABLE_MESSAGE = "The access token expired and this service has no token endpoint "
            + "configured to refresh it for this provider. Link the connection again once refreshing is configured.";

    private final UUID worker = UUID.randomUUID();
    private final TokenRefreshRepository connections;
    private final TokenRefreshService refresher;
    private final LinkopsConfig config;
    private final ScheduledRounds rounds;
    private final MeterRegistry metrics;
    private final RefreshPermits permits;
    private final List<String> refreshable;
    private final List<String> unrefreshable;
    private volatile boolean stopping;

    public ConnectionRefresher(TokenRefreshRepository connections, TokenRefreshService refresher,
            TokenRefreshAdapters adapters, LinkopsConfig config, ScheduledRounds rounds, MeterRegistry metrics) {
        this.connections = connections;
        this.refresher = refresher;
        this.config = config;
        this.rounds = rounds;
        this.metrics = metrics;
        LinkopsConfig.Refresher settings = config.refresher();
        this.permits = new RefreshPermits(settings.concurrency(), settings.perProviderConcurrency(),
                settings.perCredentialConcurrency());
        this.refreshable = Arrays.stream(Provider.values())
                .filter(provider -> adapters.endpointOf(provider).isPresent())
                .map(Provider::slug)
                .toList();
        this.unrefreshable = Arrays.stream(Provider.values())
                .filter(provider -> provider.tokensExpire() && adapters.endpointOf(provider).isEmpty())
                .map(Provider::slug)
                .toList();
    }

    void onStart(@Observes StartupEvent event) {
        if (!unrefreshable.isEmpty() && config.role().contains(LinkopsConfig.Role.worker)) {
            LOG.warnf("no token URL is configured for %s, whose tokens expire: their connections go to error once "
                    + "their access token expires", unrefreshable);
        }
    }

    @Scheduled(identity = "token-refresh", every = "${linkops.refresher.interval:30s}",
            delayed = "${linkops.refresher.interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("token-refresh", this::runOnce);
    }

    /** One round: refreshes everything due now and counts the outcomes. */
    public Uni<Map<RefreshOutcome, Integer>> runOnce() {
        Instant roundStart = Instant.now();
        long expiringBefore = roundStart.plus(config.refresher().window()).getEpochSecond();
        Map<RefreshOutcome, Integer> counts = new EnumMap<>(RefreshOutcome.class);
        return connections.failInterrupted(INTERRUPTED_MESSAGE, SWEEP_LIMIT)
                .invoke(ids -> reportErrored(ids, "linkops.refresher.interrupted",
                        "refresh interrupted mid-call by a worker that died"))
                .chain(() -> unrefreshable.isEmpty() ? Uni.createFrom().item(List.<UUID>of())
                        : connections.failUnrefreshable(unrefreshable, roundStart.getEpochSecond(),
                                UNREFRESHABLE_MESSAGE, SWEEP_LIMIT))
                .invoke(ids -> reportErrored(ids, "linkops.refresher.unrefreshable",
                        "expired with no token endpoint configured for their provider"))
                .chain(() -> Multi.createBy().repeating()
                        .uni(() -> stopping || refreshable.isEmpty() ? Uni.createFrom().item(List.<ReservedRefresh>of())
                                : connections.reserve(worker, expiringBefore, refreshable, roundStart,
                                        config.refresher().batchSize(), RESERVATION))
                        .until(List::isEmpty)
                        .onItem().transformToUniAndConcatenate(batch -> refreshAll(batch, expiringBefore, counts))
                        .collect().last())
                .replaceWith(() -> {
                    synchronized (counts) {
                        return new EnumMap<>(counts);
                    }
                });
    }

    private Uni<Void> refreshAll(List<ReservedRefresh> batch, long expiringBefore, Map<RefreshOutcome, Integer> counts) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUni(reserved -> refreshReserved(reserved, expiringBefore)
                        .invoke(outcome -> {
                            metrics.counter("linkops.refresher.outcomes", "outcome", outcome.name()).increment();
                            synchronized (counts) {
                                counts.merge(outcome, 1, Integer::sum);
                            }
                        }))
                .merge(batch.size())
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<RefreshOutcome> refreshReserved(ReservedRefresh reserved, long expiringBefore) {
        if (heldBack(reserved)) {
            return giveBack(reserved);
        }
        return permits.withPermits(reserved.provider(), reserved.credentialId(), () -> heldBack(reserved)
                ? giveBack(reserved)
                : refresher.refresh(worker, reserved.connectionId(), expiringBefore)
                        .call(outcome -> outcome == RefreshOutcome.skipped ? connections.release(
                                reserved.connectionId(), worker).onFailure().recoverWithNull()
                                : Uni.createFrom().voidItem()));
    }

    /** A credential a provider just throttled, or a worker shutting down, sends nothing more for now. */
    private boolean heldBack(ReservedRefresh reserved) {
        return stopping || refresher.isPaused(reserved.credentialId());
    }

    private Uni<RefreshOutcome> giveBack(ReservedRefresh reserved) {
        return connections.release(reserved.connectionId(), worker)
                .onFailure().recoverWithNull()
                .replaceWith(RefreshOutcome.skipped);
    }

    private void reportErrored(List<UUID> ids, String metric, String why) {
        if (!ids.isEmpty()) {
            LOG.warnf("%d connection(s) put in error, %s: %s", ids.size(), why, ids);
            metrics.counter(metric).increment(ids.size());
        }
    }

    /** Lets refreshes already sent finish and store their answer, then gives back what was only reserved. */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + config.refresher().callTimeout().plusSeconds(5).toNanos();
        while (permits.inUse() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            connections.releaseAll(worker).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException releaseFailed) {
            LOG.infof("reservations of this worker were not given back (%s); they lapse in %s",
                    releaseFailed.getClass().getName(), RESERVATION);
        }
    }
}
