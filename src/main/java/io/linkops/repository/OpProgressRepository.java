package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.ItemOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one way every worker records item outcomes and op progress: lock the op, skip it unless it is in progress,
 * insert outcomes keyed by (op, index) so a redelivery records nothing, and count only what was new.
 */
@ApplicationScoped
public class OpProgressRepository {

    private static final String INSERT_ITEMS = "insert into bulk_op_items "
            + "(op_id, item_index, user_id, succeeded, error_type, error_message, recorded_at) "
            + "select $1, i, u, s, et, em, now() "
            + "from unnest($2::int[], $3::uuid[], $4::bool[], $5::text[], $6::text[]) as t(i, u, s, et, em) "
            + "on conflict (op_id, item_index) do nothing returning item_index";

    // Every SET expression reads the row as it was, so "processed + $2 = size" means "this batch finishes it". The
    // enqueue state is left to the API's confirm and the sweeper, which also record where the op's records are.
    private static final String COUNT_ITEMS = "update bulk_ops set processed = processed + $2, failed = failed + $3, "
            + "status = case when processed + $2 = size then (case when failed + $3 = 0 then 'success' "
            + "else 'failure' end) else status end, "
            + "ended_at = case when processed + $2 = size then now() else ended_at end "
            + "where id = $1 and status = 'in_progress' "
            + "returning status, coalesce(ended_at = now(), false) as finished_now";

    // Items neither recorded nor waiting in the historical-pull queue, named from the users submitted with the op.
    private static final String RECORD_MISSING = "insert into bulk_op_items "
            + "(op_id, item_index, user_id, succeeded, error_type, error_message, recorded_at) "
            + "select $1, (u.n - 1)::int, u.user_id, false, 'unknown', $2, now() "
            + "from bulk_op_users b cross join lateral unnest(b.user_ids) with ordinality as u(user_id, n) "
            + "where b.op_id = $1 "
            + "and not exists (select 1 from bulk_op_items i where i.op_id = $1 and i.item_index = u.n - 1) "
            + "and not exists (select 1 from historical_pull_queue q where q.op_id = $1 and q.item_index = u.n - 1) "
            + "on conflict (op_id, item_index) do nothing";

    private final Pool pool;

    public OpProgressRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records outcomes in a transaction of their own; an op that is not in progress is left as it is. */
    public Uni<BatchRecorded> record(UUID opId, List<ItemOutcome> outcomes) {
        return pool.withTransaction(sql -> lockStatus(sql, opId).chain(status -> {
            if (status != BulkOpStatus.in_progress) {
                return Uni.createFrom().item(BatchRecorded.nothingNew(status == null ? BulkOpStatus.aborted : status));
            }
            return insertItems(sql, opId, outcomes)
                    .chain(newIndexes -> countOrRollBack(sql, opId, outcomes, newIndexes));
        }));
    }

    /**
     * Records every item of the op that neither has an outcome nor waits in a queue as failed with {@code detail}, and
     * ends the op if that was the last of them. Answers what it recorded.
     */
    public Uni<BatchRecorded> recordMissing(UUID opId, String detail) {
        return pool.withTransaction(sql -> lockStatus(sql, opId).chain(status -> {
            if (status != BulkOpStatus.in_progress) {
                return Uni.createFrom().item(BatchRecorded.nothingNew(status == null ? BulkOpStatus.aborted : status));
            }
            return sql.preparedQuery(RECORD_MISSING).execute(Tuple.of(opId, detail))
                    .chain(inserted -> countItems(sql, opId, inserted.rowCount(), inserted.rowCount())
                            .map(count -> new BatchRecorded(count.status(), List.of(), count.finishedNow(),
                                    inserted.rowCount())));
        }));
    }

    /** The user submitted for each of these item indexes, where the op has that index. */
    public Uni<Map<Integer, UUID>> submittedUsers(UUID opId, Collection<Integer> indexes) {
        return pool.preparedQuery("select t.i, b.user_ids[t.i + 1] as user_id from unnest($2::int[]) as t(i) "
                        + "join bulk_op_users b on b.op_id = $1 where t.i >= 0 and t.i < cardinality(b.user_ids)")
                .execute(Tuple.of(opId, indexes.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, UUID> users = new HashMap<>();
                    rows.forEach(row -> users.put(row.getInteger("i"), row.getUUID("user_id")));
                    return users;
                });
    }

    /** Locks the op's row for recording; answers its status, or null when there is no such op. */
    static Uni<BulkOpStatus> lockStatus(SqlConnection sql, UUID opId) {
        return sql.preparedQuery("select status from bulk_ops where id = $1 for update").execute(Tuple.of(opId))
                .map(rows -> rows.iterator().hasNext()
                        ? BulkOpStatus.valueOf(rows.iterator().next().getString("status")) : null);
    }

    /** Records item outcomes; answers the indexes recorded now (not by an earlier delivery). */
    static Uni<Set<Integer>> insertItems(SqlConnection sql, UUID opId, List<ItemOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int size = outcomes.size();
        Integer[] indexes = new Integer[size];
        UUID[] users = new UUID[size];
        Boolean[] succeeded = new Boolean[size];
        String[] errorTypes = new String[size];
        String[] errorMessages = new String[size];
        for (int i = 0; i < size; i++) {
            ItemOutcome outcome = outcomes.get(i);
            indexes[i] = outcome.itemIndex();
            users[i] = outcome.userId();
            succeeded[i] = outcome.isSuccess();
            errorTypes[i] = outcome.isSuccess() ? null : outcome.failure().name();
            errorMessages[i] = outcome.message();
        }
        return sql.preparedQuery(INSERT_ITEMS)
                .execute(Tuple.tuple().addValue(opId).addValue(indexes).addValue(users).addValue(succeeded)
                        .addValue(errorTypes).addValue(errorMessages))
                .map(rows -> {
                    Set<Integer> inserted = new HashSet<>();
                    for (Row row : rows) {
                        inserted.add(row.getInteger("item_index"));
                    }
                    return inserted;
                });
    }

    /**
     * Counts the outcomes recorded now into the op; answers them with the op's status afterwards. If the op is no
     * longer in progress (a transaction that did not lock it first may find it ended or aborted meanwhile), the
     * transaction fails with {@link OpNotInProgress}, so that nothing it wrote is applied.
     */
    static Uni<BatchRecorded> countOrRollBack(SqlConnection sql, UUID opId, List<ItemOutcome> outcomes,
            Set<Integer> newIndexes) {
        List<ItemOutcome> recorded = outcomes.stream()
                .filter(outcome -> newIndexes.contains(outcome.itemIndex())).toList();
        int newFailed = (int) recorded.stream().filter(outcome -> !outcome.isSuccess()).count();
        return sql.preparedQuery(COUNT_ITEMS).execute(Tuple.of(opId, recorded.size(), newFailed))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        throw new OpNotInProgress();
                    }
                    Row row = iterator.next();
                    return new BatchRecorded(BulkOpStatus.valueOf(row.getString("status")), recorded,
                            row.getBoolean("finished_now"), 0);
                });
    }

    /** Reads the op's status without locking it; null when there is no such op. */
    static Uni<BulkOpStatus> status(SqlConnection sql, UUID opId) {
        return sql.preparedQuery("select status from bulk_ops where id = $1").execute(Tuple.of(opId))
                .map(rows -> rows.iterator().hasNext()
                        ? BulkOpStatus.valueOf(rows.iterator().next().getString("status")) : null);
    }

    /** The op ended while a batch was being recorded: the batch's transaction is rolled back. */
    static final class OpNotInProgress extends RuntimeException {
        OpNotInProgress() {
            super("the op is no longer in progress", null, false, false);
        }
    }

    /** Adds newly recorded items to the op's counts, finishing it with its last item. */
    static Uni<OpCount> countItems(SqlConnection sql, UUID opId, int newItems, int newFailed) {
        return sql.preparedQuery(COUNT_ITEMS)
                .execute(Tuple.of(opId, newItems, newFailed))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return new OpCount(BulkOpStatus.aborted, false);
                    }
                    Row row = iterator.next();
                    return new OpCount(BulkOpStatus.valueOf(row.getString("status")), row.getBoolean("finished_now"));
                });
    }
}
