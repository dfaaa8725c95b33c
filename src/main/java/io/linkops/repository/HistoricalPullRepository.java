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
 * Historical-pull ops: workers record users that cannot be pulled and queue the others; a dispatcher takes throttle
 * permits, publishes, and records. Both lock the op row first, so a redelivered record can never queue an item the
 * dispatcher is recording.
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
     * Takes up to {@code limit} queued pulls (others' are skipped), grants those the throttle allows, hands the
     * granted ones to {@code publish} and, once it succeeded, records them and removes them from the queue, all in
     * one transaction: a failed publish gives the permits back. Answers the ops that finished.
     */
    public Uni<List<Dispatched>> dispatch(int limit, Function<Provider, PullRate> rates,
            Function<List<QueuedPull>, Uni<Void>> publish) {
        return pool.withTransaction(sql -> sql.preparedQuery("select op_id, item_index, team_id, user_id, provider, "
                        + "credential_id from historical_pull_queue order by enqueued_at limit $1 "
                        + "for update skip locked")
                .execute(Tuple.of(limit))
                .chain(rows -> {
                    List<QueuedPull> candidates = new ArrayList<>();
                    for (Row row : rows) {
                        candidates.add(new QueuedPull(row.getUUID("op_id"), row.getInteger("item_index"),
                                row.getUUID("team_id"), row.getUUID("user_id"),
                                Provider.fromSlug(row.getString("provider")).orElseThrow(),
                                row.getUUID("credential_id")));
                    }
                    if (candidates.isEmpty()) {
                        return Uni.createFrom().item(List.<Dispatched>of());
                    }
                    Set<UUID> ops = new HashSet<>();
                    candidates.forEach(pull -> ops.add(pull.opId()));
                    return sql.preparedQuery("select id from bulk_ops where id = any($1) order by id for update")
                            .execute(Tuple.of(ops.toArray(UUID[]::new)))
                            .chain(() -> Multi.createFrom().iterable(candidates)
                                    .onItem().transformToUniAndConcatenate(pull -> takePermit(sql,
                                            pull.credentialId(), pull.provider(), rates.apply(pull.provider()))
                                            .map(granted -> granted ? pull : null))
                                    .filter(Objects::nonNull)
                                    .collect().asList())
                            .chain(granted -> granted.isEmpty() ? Uni.createFrom().item(List.<Dispatched>of())
                                    : publish.apply(granted).chain(() -> recordDispatched(sql, granted)));
                }));
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
