package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.WebhookAttemptOutcome;
import io.linkops.domain.WebhookDelivery;
import io.linkops.repository.TransientFailure;
import io.linkops.repository.WebhookDeliveryRepository;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.linkops.security.WebhookSignatures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Sends due webhook deliveries (worker role): every second it claims as many as it has free slots for (a bound in
 * all and per endpoint, so one slow endpoint holds at most its own slots), and sends each signed with the endpoint's
 * secret, its headers those of Standard Webhooks and Svix. Each answer is recorded with the next attempt on the fixed
 * schedule; a round never waits for a request, so a dead endpoint delays nobody else.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    // A claim outlives its request (timeout plus the address check), so no second worker sends it meanwhile.
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final WebhookDeliveryRepository deliveries;
    private final SecretCipher cipher;
    private final LinkopsConfig config;
    private final MeterRegistry metrics;
    private final ScheduledRounds rounds;
    private final WebClient http;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<UUID, AtomicInteger> inFlightByEndpoint = new ConcurrentHashMap<>();

    public WebhookDispatcher(WebhookDeliveryRepository deliveries, SecretCipher cipher, LinkopsConfig config,
            MeterRegistry metrics, ScheduledRounds rounds, Vertx vertx) {
        this.deliveries = deliveries;
        this.cipher = cipher;
        this.config = config;
        this.metrics = metrics;
        this.rounds = rounds;
        this.http = WebClient.create(vertx, new WebClientOptions().setUserAgent("linkops-webhooks").setKeepAlive(true)
                .setFollowRedirects(false).setMaxPoolSize(config.webhooks().perEndpointConcurrency()));
    }

    @Scheduled(identity = "webhook-dispatch", every = "1s", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("webhook-dispatch", this::dispatchDue);
    }

    /** Claims due deliveries for the free slots and starts their attempts; answers how many it started. */
    public Uni<Integer> dispatchDue() {
        int free = config.webhooks().concurrency() - inFlight.get();
        if (free <= 0) {
            return Uni.createFrom().item(0);
        }
        int perEndpoint = config.webhooks().perEndpointConcurrency();
        Set<UUID> busy = inFlightByEndpoint.entrySet().stream().filter(entry -> entry.getValue().get() >= perEndpoint)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        UUID claimId = UUID.randomUUID();
        return deliveries.claimDue(claimId, free, perEndpoint, busy,
                        config.webhooks().requestTimeout().plus(LEASE_MARGIN))
                .invoke(claimed -> claimed.forEach(delivery -> start(delivery, claimId)))
                .map(List::size);
    }

    private void start(WebhookDelivery delivery, UUID claimId) {
        inFlight.incrementAndGet();
        inFlightByEndpoint.computeIfAbsent(delivery.endpointId(), id -> new AtomicInteger()).incrementAndGet();
        attempt(delivery, claimId)
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    inFlightByEndpoint.computeIfPresent(delivery.endpointId(),
                            (id, count) -> count.decrementAndGet() <= 0 ? null : count);
                })
                .subscribe().with(ignored -> { }, failure -> LOG.warnf("webhook delivery %s: its attempt could not be "
                        + "recorded (%s); it is tried again once its claim expires", delivery.id(),
                        failure.getClass().getSimpleName()));
    }

    private Uni<Void> attempt(WebhookDelivery delivery, UUID claimId) {
        long started = System.nanoTime();
        return send(delivery)
                .chain(answer -> {
                    int latency = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
                    WebhookAttemptOutcome outcome = WebhookAttemptOutcome.of(answer.status(), answer.retryAfter(),
                            delivery.attemptsMade() + 1, config.webhooks().retrySchedule(), Timestamps.now());
                    metrics.counter("linkops.webhooks.attempts", "outcome", outcome.kind().name().toLowerCase())
                            .increment();
                    if (outcome.kind() != WebhookAttemptOutcome.Kind.DELIVERED) {
                        LOG.warnf("webhook delivery %s (event %s) to endpoint %s: attempt %d %s; %s", delivery.id(),
                                delivery.eventId(), delivery.endpointId(), delivery.attemptsMade() + 1,
                                answer.status() == null ? answer.error() : "answered " + answer.status(),
                                outcome.nextAttemptAt() == null ? "no attempt follows"
                                        : "next attempt at " + outcome.nextAttemptAt());
                    }
                    return deliveries.recordAttempt(delivery, claimId, answer.status(), latency, answer.error(),
                                    outcome, config.webhooks().disableAfter())
                            .onFailure(TransientFailure::isCause).retry()
                            .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5);
                })
                .invoke(disabledReason -> {
                    if (disabledReason != null && !disabledReason.isEmpty()) {
                        LOG.warnf("webhook endpoint %s of team %s disabled (%s)", delivery.endpointId(),
                                delivery.teamId(), disabledReason);
                        metrics.counter("linkops.webhooks.endpoints_disabled", "reason", disabledReason).increment();
                    }
                })
                .replaceWithVoid();
    }

    /** One request; never fails: no answer is an answer without a status. */
    private Uni<Answer> send(WebhookDelivery delivery) {
        String secret;
        try {
            secret = cipher.decrypt(delivery.sealedSecret(), SecretOwner.ofWebhookEndpoint(delivery.teamId(),
                    delivery.endpointId()));
        } catch (RuntimeException unreadable) {
            return Uni.createFrom().item(new Answer(null, null, "the endpoint's secret cannot be read"));
        }
        long timestamp = Instant.now().getEpochSecond();
        String messageId = delivery.eventId().toString();
        String signature = WebhookSignatures.sign(secret, messageId, timestamp, delivery.payload());
        boolean insecure = config.webhooks().allowInsecureUrls();
        return Uni.createFrom().item(() -> WebhookEndpointService.resolvesToAllowedAddresses(
                        URI.create(delivery.url()).getHost(), insecure))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(allowed -> !allowed ? Uni.createFrom().item(new Answer(null, null,
                                "the URL's host does not resolve to public addresses"))
                        : http.requestAbs(HttpMethod.POST, delivery.url())
                                .timeout(config.webhooks().requestTimeout().toMillis())
                                .putHeader("content-type", "application/json")
                                .putHeader("webhook-id", messageId)
                                .putHeader("webhook-timestamp", String.valueOf(timestamp))
                                .putHeader("webhook-signature", signature)
                                .putHeader("svix-id", messageId)
                                .putHeader("svix-timestamp", String.valueOf(timestamp))
                                .putHeader("svix-signature", signature)
                                .sendBuffer(Buffer.buffer(delivery.payload()))
                                .map(response -> new Answer(response.statusCode(), retryAfterOf(response), null))
                                // Only the failure's kind: its message may quote the URL's query.
                                .onFailure().recoverWithItem(failure -> new Answer(null, null,
                                        "no answer: " + failure.getClass().getSimpleName())));
    }

    static Duration retryAfterOf(HttpResponse<Buffer> response) {
        String value = response.getHeader("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    /** An endpoint's answer: its status (null when none came), its Retry-After, or why nothing came. */
    private record Answer(Integer status, Duration retryAfter, String error) {
    }
}
