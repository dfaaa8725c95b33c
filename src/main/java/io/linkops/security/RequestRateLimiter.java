package io.linkops.security;

import io.linkops.config.LinkopsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The request rates of this replica's callers: one bucket per team (all its keys together) and one for the operator
 * key. Per replica, not shared: a shared bucket would put a database write on every request, while the load
 * balancer spreads a team's requests over the replicas, so a team gets at most the rate times the api replicas.
 */
@ApplicationScoped
public class RequestRateLimiter {

    private static final Logger LOG = Logger.getLogger(RequestRateLimiter.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final LinkopsConfig.RateLimits limits;
    private final MeterRegistry registry;
    private final Map<UUID, TokenBucket> teams = new ConcurrentHashMap<>();
    private final Map<UUID, Long> teamsWarnedAt = new ConcurrentHashMap<>();
    private final TokenBucket operator;
    private volatile long operatorWarnedAt = Long.MIN_VALUE;

    public RequestRateLimiter(LinkopsConfig config, MeterRegistry registry) {
        this.limits = config.rateLimits();
        this.registry = registry;
        this.operator = new TokenBucket(limits.operatorPerSecond(), limits.operatorBurst(), System.nanoTime());
    }

    /** Takes one of the team's requests: zero when it may go on, else how long it should wait. */
    public Duration takeTeam(UUID teamId) {
        long now = System.nanoTime();
        Duration wait = teams.computeIfAbsent(teamId, id -> new TokenBucket(limits.teamPerSecond(),
                limits.teamBurst(), now)).take(now);
        if (!wait.isZero()) {
            registry.counter("linkops.requests.rate_limited", "caller", "team").increment();
            Long warned = teamsWarnedAt.get(teamId);
            if (warned == null || now - warned > WARN_EVERY.toNanos()) {
                teamsWarnedAt.put(teamId, now);
                LOG.warnf("team %s is over its request rate on this replica (%s/s, burst %d); answering 429",
                        teamId, limits.teamPerSecond(), limits.teamBurst());
            }
        }
        return wait;
    }

    /** Takes one operator request, whether or not its key is right: the operator key cannot be guessed fast. */
    public Duration takeOperator() {
        long now = System.nanoTime();
        Duration wait = operator.take(now);
        if (!wait.isZero()) {
            registry.counter("linkops.requests.rate_limited", "caller", "operator").increment();
            if (operatorWarnedAt == Long.MIN_VALUE || now - operatorWarnedAt > WARN_EVERY.toNanos()) {
                operatorWarnedAt = now;
                LOG.warnf("operator API over its request rate on this replica (%s/s, burst %d); answering 429",
                        limits.operatorPerSecond(), limits.operatorBurst());
            }
        }
        return wait;
    }
}
