package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.BulkOpCursor;
import io.linkops.domain.BulkOpType;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.BulkOperationItems;
import io.linkops.domain.FailedItemRow;
import io.linkops.domain.FailureReason;
import io.linkops.domain.ItemFailure;
import io.linkops.domain.ItemRuns;
import io.linkops.domain.Provider;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Bulk operations and their recorded items, through the reactive SQL client. */
@ApplicationScoped
public class BulkOperationRepository {

    private static final String COLUMNS = "id, team_id, type, provider, status, size, processed, failed, started_at, "
            + "ended_at";

    private static final int FAILURE_FETCH = 500;

    private final Pool pool;

    public BulkOperationRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates an op whose records are not yet confirmed committed to Kafka, with the user submitted for each item,
     * unless its team already has {@code maxOpen} ops in progress; answers whether it did. A per-team lock makes
     * concurrent starts count in turn.
     */
    public Uni<Boolean> insertUnconfirmedWithin(BulkOperation op, List<UUID> userIds, int maxOpen) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(op.teamId().toString()))
                // A statement of its own, so that its snapshot sees every op committed before the lock was granted.
                .chain(() -> connection.preparedQuery("insert into bulk_ops (id, team_id, type, provider, status, "
                                + "enqueue_state, size, started_at) select $1, $2, $3, $4, 'in_progress', 'pending', "
                                + "$5, $6 where (select count(*) from bulk_ops where team_id = $2 "
                                + "and status = 'in_progress') < $7")
                        .execute(Tuple.from(List.of(op.id(), op.teamId(), op.type().name(), op.provider().slug(),
                                op.size(), offset(op.startedAt()), maxOpen))))
                .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().item(false)
                        : connection.preparedQuery("insert into bulk_op_users (op_id, user_ids) values ($1, $2)")
                                .execute(Tuple.of(op.id(), userIds.toArray(UUID[]::new)))
                                .replaceWith(true)));
    }

    /**
     * Records that the op's Kafka transaction committed, and where its records are. An op no longer in progress (an
     * aborted one above all) is left as it is; answers whether the op was confirmed.
     */
    public Uni<Boolean> confirmEnqueued(UUID opId, Map<Integer, Long> lastOffsets) {
        JsonObject offsets = new JsonObject();
        lastOffsets.forEach((partition, offset) -> offsets.put(String.valueOf(partition), offset));
        return pool.preparedQuery("update bulk_ops set enqueue_state = 'committed', record_offsets = $2 "
                        + "where id = $1 and status = 'in_progress'")
                .execute(Tuple.of(opId, offsets))
                .map(result -> result.rowCount() > 0);
    }

    /** Aborts an op whose records were never committed; answers whether it did. */
    public Uni<Boolean> abortUnconfirmed(UUID opId) {
        return pool.preparedQuery("update bulk_ops set status = 'aborted', ended_at = now() where id = $1 "
                        + "and status = 'in_progress' and enqueue_state = 'pending'")
                .execute(Tuple.of(opId))
                .map(result -> result.rowCount() > 0);
    }

    /** Ops still unconfirmed that started before {@code startedBefore}, oldest first: the sweeper's candidates. */
    public Uni<List<Unconfirmed>> unconfirmedStartedBefore(Instant startedBefore, int limit) {
        return pool.preparedQuery("select id, type, started_at from bulk_ops where status = 'in_progress' "
                        + "and enqueue_state = 'pending' and started_at < $1 order by started_at limit $2")
                .execute(Tuple.of(offset(startedBefore), limit))
                .map(rows -> {
                    List<Unconfirmed> ops = new ArrayList<>();
                    rows.forEach(row -> ops.add(new Unconfirmed(row.getUUID("id"),
                            BulkOpType.valueOf(row.getString("type")),
                            row.getOffsetDateTime("started_at").toInstant())));
                    return ops;
                });
    }

    /** An op whose enqueue was never confirmed. */
    public record Unconfirmed(UUID id, BulkOpType type, Instant startedAt) {
    }

    /** Open, confirmed ops started before the given time that know where their records are. */
    public Uni<List<OpRecords>> openWithRecordsStartedBefore(Instant startedBefore, int limit) {
        return pool.preparedQuery("select " + COLUMNS + ", record_offsets from bulk_ops where status = 'in_progress' "
                        + "and enqueue_state = 'committed' and record_offsets is not null and started_at < $1 "
                        + "order by started_at limit $2")
                .execute(Tuple.of(offset(startedBefore), limit))
                .map(rows -> {
                    List<OpRecords> ops = new ArrayList<>();
                    for (Row row : rows) {
                        Map<Integer, Long> offsets = new HashMap<>();
                        row.getJsonObject("record_offsets").forEach(entry -> offsets.put(
                                Integer.valueOf(entry.getKey()), ((Number) entry.getValue()).longValue()));
                        ops.add(new OpRecords(operationOf(row), offsets));
                    }
                    return ops;
                });
    }

    /** An open op and, per partition of its work topic, the offset of its last record. */
    public record OpRecords(BulkOperation op, Map<Integer, Long> lastOffsets) {
    }

    /** The op whatever its team: for workers, which take the team from the op, never from a record. */
    public Uni<BulkOperation> find(UUID opId) {
        return pool.preparedQuery("select " + COLUMNS + " from bulk_ops where id = $1")
                .execute(Tuple.of(opId))
                .map(BulkOperationRepository::firstOrNull);
    }

    public Uni<BulkOperation> findInTeam(UUID teamId, UUID opId) {
        return pool.preparedQuery("select " + COLUMNS + " from bulk_ops where team_id = $1 and id = $2")
                .execute(Tuple.of(teamId, opId))
                .map(BulkOperationRepository::firstOrNull);
    }

    /** A page of the team's ops, newest first, strictly after the given position when there is one. */
    public Uni<List<BulkOperation>> pageInTeam(UUID teamId, BulkOpCursor after, int limit) {
        if (after == null) {
            return pool.preparedQuery("select " + COLUMNS + " from bulk_ops where team_id = $1 "
                            + "order by started_at desc, id desc limit $2")
                    .execute(Tuple.of(teamId, limit))
                    .map(BulkOperationRepository::all);
        }
        return pool.preparedQuery("select " + COLUMNS + " from bulk_ops where team_id = $1 "
                        + "and (started_at, id) < ($2, $3) order by started_at desc, id desc limit $4")
                .execute(Tuple.of(teamId, offset(after.startedAt()), after.id(), limit))
                .map(BulkOperationRepository::all);
    }

    public Uni<BulkOperationItems> items(UUID opId) {
        // Succeeded imports are runs of item indexes: their users are the ones submitted at those indexes. The array
        // is unnested once; subscripting it per item detoasted all of it each time (19 s for 100,000 items).
        return pool.preparedQuery("select item_index, user_id, succeeded, error_type, error_message "
                        + "from bulk_op_items where op_id = $1 "
                        + "union all select (u.n - 1)::int, u.user_id, true, null, null from bulk_op_users b "
                        + "cross join lateral unnest(b.user_ids) with ordinality as u(user_id, n) "
                        + "where b.op_id = $1 and exists (select 1 from bulk_op_item_runs r where r.op_id = $1 "
                        + "and r.first_index between u.n - " + ItemRuns.BLOCK + " and u.n - 1 "
                        + "and r.last_index >= u.n - 1) order by 1")
                .execute(Tuple.of(opId))
                .map(rows -> {
                    List<UUID> succeeded = new ArrayList<>();
                    List<ItemFailure> failures = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getBoolean("succeeded")) {
                            succeeded.add(row.getUUID("user_id"));
                        } else {
                            failures.add(new ItemFailure(row.getUUID("user_id"),
                                    FailureReason.valueOf(row.getString("error_type")),
                                    row.getString("error_message")));
                        }
                    }
                    return new BulkOperationItems(succeeded, failures);
                });
    }

    /**
     * The op's failed items in item order, read through a cursor {@code FAILURE_FETCH} rows at a time, so an op with
     * 100,000 failures is never held in memory. Client user ids only of the op's own team: a submitted id that named
     * another team's user shows none.
     */
    public Multi<FailedItemRow> failures(UUID teamId, UUID opId) {
        return Multi.createFrom().resourceFromUni(pool::getConnection,
                        connection -> connection.begin().onItem().transformToMulti(transaction -> connection
                                .prepare("select i.user_id, u.client_user_id, i.error_type, i.error_message "
                                        + "from bulk_op_items i left join users u on u.id = i.user_id "
                                        + "and u.team_id = $2 where i.op_id = $1 and not i.succeeded "
                                        + "order by i.item_index")
                                .onItem().transformToMulti(statement -> statement
                                        .createStream(FAILURE_FETCH, Tuple.of(opId, teamId)).toMulti())))
                .withFinalizer(SqlConnection::close)
                .map(row -> new FailedItemRow(row.getUUID("user_id"), row.getString("client_user_id"),
                        FailureReason.valueOf(row.getString("error_type")), row.getString("error_message")));
    }

    /** The op's failed items counted by reason. */
    public Uni<Map<String, Integer>> failuresByReason(UUID opId) {
        return pool.preparedQuery("select error_type, count(*)::int as n from bulk_op_items where op_id = $1 "
                        + "and not succeeded group by error_type")
                .execute(Tuple.of(opId))
                .map(rows -> {
                    Map<String, Integer> byReason = new TreeMap<>();
                    rows.forEach(row -> byReason.put(row.getString("error_type"), row.getInteger("n")));
                    return byReason;
                });
    }

    static BulkOperation firstOrNull(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? operationOf(iterator.next()) : null;
    }

    private static List<BulkOperation> all(RowSet<Row> rows) {
        List<BulkOperation> ops = new ArrayList<>();
        rows.forEach(row -> ops.add(operationOf(row)));
        return ops;
    }

    static BulkOperation operationOf(Row row) {
        OffsetDateTime ended = row.getOffsetDateTime("ended_at");
        return new BulkOperation(
                row.getUUID("id"),
                row.getUUID("team_id"),
                BulkOpType.valueOf(row.getString("type")),
                Provider.fromSlug(row.getString("provider")).orElseThrow(),
                BulkOpStatus.valueOf(row.getString("status")),
                row.getInteger("size"),
                row.getInteger("processed"),
                row.getInteger("failed"),
                row.getOffsetDateTime("started_at").toInstant(),
                ended == null ? null : ended.toInstant());
    }

    static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
