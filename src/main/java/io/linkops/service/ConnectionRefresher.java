package io.linkops.service;

import io.linkops.client.TokenRefreshAdapters;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.Provider;
import io.linkops.domain.RefreshOutcome;
import io.linkops.repository.TokenRefreshRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The worker role's background refresher: every interval, refreshes connected tokens that expire within the window.
 * Paused and errored connections are never picked; rows another worker is refreshing are skipped, not waited for.
 * One connection that fails is postponed and counted; the round goes on with the next.
 */
@ApplicationScoped
public class ConnectionRefresher {

    private final TokenRefreshRepository connections;
    private final TokenRefreshService refresher;
    private final TokenRefreshAdapters adapters;
    private final LinkopsConfig config;
    private final ScheduledRounds rounds;
    private final MeterRegistry metrics;

    public ConnectionRefresher(TokenRefreshRepository connections, TokenRefreshService refresher,
            TokenRefreshAdapters adapters, LinkopsConfig config, ScheduledRounds rounds, MeterRegistry metrics) {
        this.connections = connections;
        this.refresher = refresher;
        this.adapters = adapters;
        this.config = config;
        this.rounds = rounds;
        this.metrics = metrics;
    }

    @Scheduled(identity = "token-refresh", every = "${linkops.refresher.interval:30s}",
            delayed = "${linkops.refresher.interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("token-refresh", this::runOnce);
    }

    /** One round: refreshes what is due now and counts the outcomes. */
    public Uni<Map<RefreshOutcome, Integer>> runOnce() {
        List<String> refreshable = Arrays.stream(Provider.values())
                .filter(provider -> adapters.endpointOf(provider).isPresent())
                .map(Provider::slug)
                .toList();
        long expiringBefore = Instant.now().plus(config.refresher().window()).getEpochSecond();
        return connections.due(expiringBefore, refreshable, config.refresher().batchSize())
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> refresher.refresh(id, true)
                        .invoke(outcome -> metrics.counter("linkops.refresher.outcomes", "outcome", outcome.name())
                                .increment()))
                .collect().in(() -> new EnumMap<>(RefreshOutcome.class),
                        (counts, outcome) -> counts.merge(outcome, 1, Integer::sum));
    }
}
