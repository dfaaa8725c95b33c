package io.linkops.repository;

import io.linkops.domain.WebhookAttempt;
import io.linkops.domain.WebhookAttemptOutcome;
import io.linkops.domain.WebhookDelivery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Webhook deliveries and their attempts. A delivery is written once per endpoint and event, so a redelivered event
 * adds nothing; it is claimed for one attempt at a time under a lease, so a worker that dies mid-attempt only delays
 * it, and the next attempt's time is stored, so a restart loses no pending retry.
 */
@ApplicationScoped
public class WebhookDeliveryRepository {

    // Candidates are ranked per endpoint so one endpoint's backlog cannot take every slot of a round; the update
    // re-checks the claim under the row lock, so two workers never claim one delivery at once.
    private static final String CLAIM = "with candidates as (select id from (select d.id, row_number() over "
            + "(partition by d.endpoint_id order by d.next_attempt_at) as n from webhook_deliveries d "
            + "join webhook_endpoints e on e.id = d.endpoint_id where d.status = 'pending' "
            + "and d.next_attempt_at <= now() and not e.disabled "
            + "and (d.claimed_until is null or d.claimed_until < now()) and not (d.endpoint_id = any($4))) ranked "
            + "where n <= $5 limit $3) "
            + "update webhook_deliveries d set claim_id = $1, claimed_until = now() + make_interval(secs => $2) "
            + "from candidates c, webhook_endpoints e where d.id = c.id and e.id = d.endpoint_id "
            + "and d.status = 'pending' and (d.claimed_until is null or d.claimed_until < now()) "
            + "returning d.id, d.endpoint_id, d.team_id, d.event_id, d.event_type, d.payload, d.attempts, e.url, "
            + "e.secret";

    private final Pool pool;

    public WebhookDeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** One event for some endpoints, to be attempted at once; an (endpoint, event) already written is skipped. */
    public record NewDelivery(UUID endpointId, UUID teamId, UUID eventId, String eventType, String payload) {
    }

    public Uni<Integer> insert(List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int size = deliveries.size();
        UUID[] endpoints = new UUID[size];
        UUID[] teams = new UUID[size];
        UUID[] events = new UUID[size];
        String[] types = new String[size];
        String[] payloads = new String[size];
        for (int i = 0; i < size; i++) {
            NewDelivery delivery = deliveries.get(i);
            endpoints[i] = delivery.endpointId();
            teams[i] = delivery.teamId();
            events[i] = delivery.eventId();
            types[i] = delivery.eventType();
            payloads[i] = delivery.payload();
        }
        return pool.preparedQuery("insert into webhook_deliveries (id, endpoint_id, team_id, event_id, event_type, "
                        + "payload, next_attempt_at, created_at) select gen_random_uuid(), e, t, v, y, p, now(), now() "
                        + "from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[]) as x(e, t, v, y, p) "
                        + "on conflict (endpoint_id, event_id) do nothing")
                .execute(Tuple.of(endpoints, teams, events, types, payloads))
                .map(rows -> rows.rowCount());
    }

    /** Claims up to {@code limit} due deliveries, at most {@code perEndpoint} per endpoint, none of {@code busy}. */
    public Uni<List<WebhookDelivery>> claimDue(UUID claimId, int limit, int perEndpoint, Collection<UUID> busy,
            Duration lease) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.from(List.of(claimId, (double) lease.toSeconds(), limit, busy.toArray(UUID[]::new),
                        perEndpoint)))
                .map(rows -> {
                    List<WebhookDelivery> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(new WebhookDelivery(row.getUUID("id"), row.getUUID("endpoint_id"),
                            row.getUUID("team_id"), row.getUUID("event_id"), row.getString("event_type"),
                            row.getString("payload"), row.getInteger("attempts"), row.getString("url"),
                            row.getBuffer("secret").getBytes())));
                    return claimed;
                });
    }

    /**
     * Records one attempt and where it leads, in one transaction, if this claim still holds the delivery: the
     * attempt row, the delivery's state and next attempt, and the endpoint's health (a success clears its failing
     * time; a 410 or failing past {@code disableAfter} disables it). Answers the endpoint's disabled reason when this
     * attempt disabled it, an empty string when it did not, and null when the claim was lost.
     */
    public Uni<String> recordAttempt(WebhookDelivery delivery, UUID claimId, Integer statusCode, int latencyMs,
            String error, WebhookAttemptOutcome outcome, Duration disableAfter) {
        int attempt = delivery.attemptsMade() + 1;
        String status = switch (outcome.kind()) {
            case DELIVERED -> "delivered";
            case RETRY -> "pending";
            case FAILED, ENDPOINT_GONE -> "failed";
        };
        return pool.withTransaction(sql -> sql.preparedQuery("update webhook_deliveries set status = $3, attempts = $4, "
                        + "next_attempt_at = $5, claim_id = null, claimed_until = null where id = $1 and claim_id = $2")
                .execute(Tuple.from(Arrays.asList(delivery.id(), claimId, status, attempt,
                        outcome.nextAttemptAt() == null ? null : BulkOperationRepository.offset(outcome.nextAttemptAt()))))
                .chain(updated -> {
                    if (updated.rowCount() == 0) {
                        return Uni.createFrom().<String>nullItem();
                    }
                    return sql.preparedQuery("insert into webhook_attempts (delivery_id, attempt, endpoint_id, "
                                    + "status_code, latency_ms, error, attempted_at, next_attempt_at) "
                                    + "values ($1, $2, $3, $4, $5, $6, now(), $7)")
                            .execute(Tuple.from(Arrays.asList(delivery.id(), attempt, delivery.endpointId(),
                                    statusCode, latencyMs, error, outcome.nextAttemptAt() == null ? null
                                            : BulkOperationRepository.offset(outcome.nextAttemptAt()))))
                            .chain(() -> sql.preparedQuery(outcome.kind() == WebhookAttemptOutcome.Kind.DELIVERED
                                            ? "update webhook_endpoints set failing_since = null where id = $1 "
                                                    + "and failing_since is not null returning ''::text as reason"
                                            : "update webhook_endpoints set failing_since = coalesce(failing_since, "
                                                    + "now()), disabled = disabled or $2 or coalesce(failing_since, "
                                                    + "now()) <= now() - make_interval(secs => $3), disabled_reason = "
                                                    + "case when disabled then disabled_reason when $2 then 'gone' "
                                                    + "when coalesce(failing_since, now()) <= now() - make_interval("
                                                    + "secs => $3) then 'failing' end where id = $1 returning "
                                                    + "coalesce(disabled_reason, '') as reason")
                                    .execute(outcome.kind() == WebhookAttemptOutcome.Kind.DELIVERED
                                            ? Tuple.of(delivery.endpointId())
                                            : Tuple.of(delivery.endpointId(),
                                                    outcome.kind() == WebhookAttemptOutcome.Kind.ENDPOINT_GONE,
                                                    (double) disableAfter.toSeconds())))
                            .map(rows -> {
                                var iterator = rows.iterator();
                                return iterator.hasNext() ? iterator.next().getString("reason") : "";
                            });
                }));
    }

    /** Gives back deliveries claimed but not attempted (the worker is stopping), so another worker takes them. */
    public Uni<Void> release(UUID claimId, Collection<UUID> ids) {
        return pool.preparedQuery("update webhook_deliveries set claim_id = null, claimed_until = null "
                        + "where claim_id = $1 and id = any($2)")
                .execute(Tuple.of(claimId, ids.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /** The endpoint's attempts, newest first; the caller has found the endpoint in its team. */
    public Uni<List<WebhookAttempt>> attempts(UUID endpointId, int limit) {
        return pool.preparedQuery("select d.event_id, d.event_type, a.attempt, a.status_code, a.latency_ms, a.error, "
                        + "a.attempted_at, a.next_attempt_at from webhook_attempts a "
                        + "join webhook_deliveries d on d.id = a.delivery_id where a.endpoint_id = $1 "
                        + "order by a.attempted_at desc, a.attempt desc limit $2")
                .execute(Tuple.of(endpointId, limit))
                .map(rows -> {
                    List<WebhookAttempt> attempts = new ArrayList<>();
                    rows.forEach(row -> attempts.add(new WebhookAttempt(row.getUUID("event_id"),
                            row.getString("event_type"), row.getInteger("attempt"), row.getInteger("status_code"),
                            row.getInteger("latency_ms"), row.getString("error"),
                            row.getOffsetDateTime("attempted_at").toInstant(),
                            WebhookEndpointRepository.instant(row.getOffsetDateTime("next_attempt_at")))));
                    return attempts;
                });
    }
}
