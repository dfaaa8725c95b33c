package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.FailureReason;
import io.linkops.domain.ItemOutcome;
import io.linkops.domain.Provider;
import io.linkops.domain.PullRate;
import io.linkops.domain.QueuedPull;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Historical-pull ops: workers record users that cannot be pulled and queue the others; dispatchers claim the queued
 * pulls the throttle allows, publish them outside any transaction, then record them. No broker call runs inside a
 * SQL transaction, so a slow broker holds no locks; a claim is a lease, so a dispatcher that dies after publishing
 * leaves pulls that go out again (at least once, under the same request id). Queueing and recording both lock the
 * op row first, so a redelivered record can never queue an item a dispatcher is recording.
 */
@ApplicationScoped
public class HistoricalPullRepository {

    // A fixed window per credential and provider, advanced and counted in one statement: no row, no permit.
    private static final String TAKE_PERMIT = "insert into pull_throttle (credential_id, provider, window_start, used) "
            + "values ($1, $2, now(), 1) on conflict (credential_id, provider) do update set "
            + "window_start = case when pull_throttle.window_start + make_interval(secs => $4) <= now() then now() "
            + "else pull_throttle.window_start end, "
            + "used = case when pull_throttle.window_start + make_interval(secs => $4) <= now() then 1 "
            + "else pull_throttle.used + 1 end "
            + "where pull_throttle.window_start + make_interval(secs => $4) <= now() or pull_throttle.used < $3 "
            + "returning used";

    /**
     * How long a claim holds pulls. Longer than the producer's delivery timeout (120 s), so a live dispatcher's claim
     * never expires while its send may still succeed: only a dead dispatcher's pulls go out again.
     */
    public static final Duration CLAIM_LEASE = Duration.ofMinutes(3);

    private final Pool pool;

    public HistoricalPullRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records users without a connection ({@code connection_not_found}) or with a paused one
     * ({@code connection_paused}) as failed, and queues the rest; answers the op's status afterwards.
     */
    public Uni<BatchRecorded> acceptBatch(UUID opId, UUID teamId, Provider provider, Map<Integer, UUID> usersByIndex) {
        return pool.withTransaction(sql -> OpProgressRepository.lockStatus(sql, opId).chain(status -> {
            if (status == null || status.isTerminal()) {
                return Uni.createFrom().item(BatchRecorded.nothingNew(status == null ? BulkOpStatus.aborted : status));
            }
            return connectionsOf(sql, teamId, provider, usersByIndex.values()).chain(connections -> {
                List<ItemOutcome> failures = new ArrayList<>();
                List<Integer> queued = new ArrayList<>();
                List<UUID> queuedUsers = new ArrayList<>();
                List<UUID> queuedCredentials = new ArrayList<>();
                usersByIndex.forEach((index, user) -> {
                    Row connection = connections.get(user);
                    if (connection == null || connection.getUUID("credential_id") == null) {
                        failures.add(ItemOutcome.failed(index, user, FailureReason.connection_not_found));
                    } else if ("paused".equals(connection.getString("status"))) {
                        failures.add(ItemOutcome.failed(index, user, FailureReason.connection_paused));
                    } else {
                        queued.add(index);
                        queuedUsers.add(user);
                        queuedCredentials.add(connection.getUUID("credential_id"));
                    }
                });
                return recordItems(sql, opId, failures)
                        .chain(newFailures -> queue(sql, opId, teamId, provider, queued, queuedUsers, queuedCredentials)
                                .chain(() -> count(sql, opId, newFailures.size(), newFailures.size()))
                                .map(count -> new BatchRecorded(count.status(), failures.stream()
                                        .filter(failure -> newFailures.contains(failure.itemIndex())).toList(),
                                        count.finishedNow(), 0)));
            });
        }));
    }

    /**
     * Claims, in one short transaction, up to {@code limit} due pulls (unclaimed, or whose claim expired; rows another
     * dispatcher is claiming are skipped) that the throttle grants a permit now, under {@code claimId} for
     * {@link #CLAIM_LEASE}; answers them. The caller publishes them outside any transaction, then {@link #record}s or
     * {@link #release}s them.
     */
    public Uni<List<QueuedPull>> claim(UUID claimId, int limit, Function<Provider, PullRate> rates) {
        return pool.withTransaction(sql -> sql.preparedQuery("select op_id, item_index, team_id, user_id, provider, "
                        + "credential_id from historical_pull_queue where claimed_until is null "
                        + "or claimed_until <= now() order by enqueued_at limit $1 for update skip locked")
                .execute(Tuple.of(limit))
                .chain(rows -> {
                    List<QueuedPull> candidates = new ArrayList<>();
                    for (Row row : rows) {
                        candidates.add(new QueuedPull(row.getUUID("op_id"), row.getInteger("item_index"),
                                row.getUUID("team_id"), row.getUUID("user_id"),
                                Provider.fromSlug(row.getString("provider")).orElseThrow(),
                                row.getUUID("credential_id")));
                    }
                    return grantPermits(sql, candidates, rates);
                })
                .call(granted -> granted.isEmpty() ? Uni.createFrom().voidItem() : sql.preparedQuery(
                                "update historical_pull_queue q set claim_id = $1, "
                                        + "claimed_until = now() + make_interval(secs => $2) "
                                        + "from unnest($3::uuid[], $4::int[]) as c(op_id, item_index) "
                                        + "where q.op_id = c.op_id and q.item_index = c.item_index")
                        .execute(Tuple.of(claimId, (double) CLAIM_LEASE.toSeconds(),
                                granted.stream().map(QueuedPull::opId).toArray(UUID[]::new),
                                granted.stream().map(QueuedPull::itemIndex).toArray(Integer[]::new)))));
    }

    // now() is fixed for the whole transaction, so a throttle that refused once refuses the rest of the round: asking
    // again would only lengthen the transaction.
    private Uni<List<QueuedPull>> grantPermits(SqlConnection sql, List<QueuedPull> candidates,
            Function<Provider, PullRate> rates) {
        Set<List<Object>> refused = new HashSet<>();
        return Multi.createFrom().iterable(candidates)
                .onItem().transformToUniAndConcatenate(pull -> {
                    List<Object> throttle = List.of(pull.credentialId(), pull.provider());
                    if (refused.contains(throttle)) {
                        return Uni.createFrom().<QueuedPull>nullItem();
                    }
                    return takePermit(sql, pull.credentialId(), pull.provider(), rates.apply(pull.provider()))
                            .map(granted -> {
                                if (!granted) {
                                    refused.add(throttle);
                                }
                                return granted ? pull : null;
                            });
                })
                .filter(Objects::nonNull)
                .collect().asList();
    }

    /**
     * Records published pulls as succeeded items of their ops and removes them from the queue, in one short
     * transaction that locks the ops first, as {@link #acceptBatch} does; answers what that did to each op. Items are
     * keyed (op, index), so recording a pull again (one re-published after its claim expired) changes nothing.
     */
    public Uni<List<Dispatched>> record(List<QueuedPull> published) {
        UUID[] ops = published.stream().map(QueuedPull::opId).distinct().toArray(UUID[]::new);
        return pool.withTransaction(sql -> sql.preparedQuery("select id from bulk_ops where id = any($1) "
                        + "order by id for update")
                .execute(Tuple.of(ops))
                .chain(() -> recordDispatched(sql, published)));
    }

    /** Gives back this claim on pulls that were not published, so that a later round dispatches them. */
    public Uni<Void> release(UUID claimId, List<QueuedPull> unpublished) {
        return pool.preparedQuery("update historical_pull_queue q set claim_id = null, claimed_until = null "
                        + "from unnest($2::uuid[], $3::int[]) as r(op_id, item_index) "
                        + "where q.claim_id = $1 and q.op_id = r.op_id and q.item_index = r.item_index")
                .execute(Tuple.of(claimId, unpublished.stream().map(QueuedPull::opId).toArray(UUID[]::new),
                        unpublished.stream().map(QueuedPull::itemIndex).toArray(Integer[]::new)))
                .replaceWithVoid();
    }

    /** The pulls of one op published in a dispatch round, and what recording them did to the op. */
    public record Dispatched(UUID opId, UUID teamId, BatchRecorded recorded) {
    }

    private Uni<List<Dispatched>> recordDispatched(SqlConnection sql, List<QueuedPull> granted) {
        Map<UUID, List<QueuedPull>> byOp = new LinkedHashMap<>();
        granted.forEach(pull -> byOp.computeIfAbsent(pull.opId(), id -> new ArrayList<>()).add(pull));
        return Multi.createFrom().iterable(byOp.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> {
                    List<ItemOutcome> outcomes = entry.getValue().stream()
                            .map(pull -> ItemOutcome.succeeded(pull.itemIndex(), pull.userId())).toList();
                    Integer[] indexes = entry.getValue().stream().map(QueuedPull::itemIndex).toArray(Integer[]::new);
                    return recordItems(sql, entry.getKey(), outcomes)
                            .chain(recorded -> sql.preparedQuery("delete from historical_pull_queue "
                                            + "where op_id = $1 and item_index = any($2)")
                                    .execute(Tuple.of(entry.getKey(), indexes))
                                    .chain(() -> count(sql, entry.getKey(), recorded.size(), 0))
                                    .map(count -> new Dispatched(entry.getKey(), entry.getValue().get(0).teamId(),
                                            new BatchRecorded(count.status(), outcomes.stream()
                                                    .filter(outcome -> recorded.contains(outcome.itemIndex())).toList(),
                                                    count.finishedNow(), 0))));
                })
                .collect().asList();
    }

    /** Takes one permit for the credential and provider; answers whether the rate allowed it. */
    public Uni<Boolean> takePermit(SqlConnection sql, UUID credentialId, Provider provider, PullRate rate) {
        return sql.preparedQuery(TAKE_PERMIT)
                .execute(Tuple.of(credentialId, provider.slug(), rate.count(), (double) rate.period().toSeconds()))
                .map(rows -> rows.iterator().hasNext());
    }

    /** One permit in its own transaction: what a second replica would do. */
    public Uni<Boolean> takePermit(UUID credentialId, Provider provider, PullRate rate) {
        return pool.withTransaction(sql -> takePermit(sql, credentialId, provider, rate));
    }

    private static Uni<Map<UUID, Row>> connectionsOf(SqlConnection sql, UUID teamId, Provider provider,
            Collection<UUID> users) {
        return sql.preparedQuery("select c.user_id, c.status, c.credential_id from unnest($3::uuid[]) as t(id) "
                        + "join connections c on c.team_id = $1 and c.provider = $2 and c.user_id = t.id")
                .execute(Tuple.of(teamId, provider.slug(), users.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Row> byUser = new HashMap<>();
                    rows.forEach(row -> byUser.put(row.getUUID("user_id"), row));
                    return byUser;
                });
    }

    private static Uni<Set<Integer>> recordItems(SqlConnection sql, UUID opId, List<ItemOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return OpProgressRepository.insertItems(sql, opId, outcomes);
    }

    // Items already recorded (a redelivered record) are not queued again: the op row lock makes this check exact.
    private static Uni<Void> queue(SqlConnection sql, UUID opId, UUID teamId, Provider provider, List<Integer> indexes,
            List<UUID> users, List<UUID> credentials) {
        if (indexes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("insert into historical_pull_queue (op_id, item_index, team_id, user_id, provider, "
                        + "credential_id) select $1, t.i, $2, t.u, $3, t.c "
                        + "from unnest($4::int[], $5::uuid[], $6::uuid[]) as t(i, u, c) "
                        + "where not exists (select 1 from bulk_op_items b where b.op_id = $1 and b.item_index = t.i) "
                        + "on conflict (op_id, item_index) do nothing")
                .execute(Tuple.tuple().addValue(opId).addValue(teamId).addValue(provider.slug())
                        .addValue(indexes.toArray(Integer[]::new)).addValue(users.toArray(UUID[]::new))
                        .addValue(credentials.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    private static Uni<OpCount> count(SqlConnection sql, UUID opId, int newItems, int newFailed) {
        return OpProgressRepository.countItems(sql, opId, newItems, newFailed);
    }
}
