package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.ItemOutcome;
import io.linkops.domain.ItemRuns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one way every worker records item outcomes and op progress: skip an op unless it is in progress, record only
 * item indexes not recorded yet (under a lock on the op's row, or on the blocks of the items, see {@link ItemRuns}),
 * so a redelivery records nothing, and count only what was new.
 */
@ApplicationScoped
public class OpProgressRepository {

    private static final String INSERT_ITEMS = "insert into bulk_op_items "
            + "(op_id, item_index, user_id, succeeded, error_type, error_message, recorded_at) "
            + "select $1, i, u, s, et, em, now() "
            + "from unnest($2::int[], $3::uuid[], $4::bool[], $5::text[], $6::text[]) as t(i, u, s, et, em) "
            + "on conflict (op_id, item_index) do nothing returning item_index";

    private static final String INSERT_RUNS = "insert into bulk_op_item_runs (op_id, first_index, last_index) "
            + "select $1, f, l from unnest($2::int[], $3::int[]) as t(f, l)";

    // Blocks are locked in the order given (ascending), so two transactions never wait for each other's blocks in a
    // cycle. The two-key form keeps these locks apart from the one-key locks taken elsewhere.
    private static final String LOCK_BLOCKS = "select pg_advisory_xact_lock(hashtext($1::uuid::text), t.b) "
            + "from unnest($2::int[]) as t(b)";

    // Run in a statement after the locks are held, so that it sees what the transactions it waited for committed.
    private static final String RECORDED_IN_BLOCKS = "select i.item_index as first_index, i.item_index as last_index "
            + "from unnest($2::int[]) as b(n) join bulk_op_items i on i.op_id = $1 "
            + "and i.item_index between b.n * " + ItemRuns.BLOCK + " and b.n * " + ItemRuns.BLOCK + " + "
            + (ItemRuns.BLOCK - 1) + " union all select r.first_index, r.last_index "
            + "from unnest($2::int[]) as b(n) join bulk_op_item_runs r on r.op_id = $1 "
            + "and r.first_index between b.n * " + ItemRuns.BLOCK + " and b.n * " + ItemRuns.BLOCK + " + "
            + (ItemRuns.BLOCK - 1);

    // Every SET expression reads the row as it was, so "processed + $2 = size" means "this batch finishes it". The
    // enqueue state is left to the API's confirm and the sweeper, which also record where the op's records are.
    private static final String COUNT_ITEMS = "update bulk_ops set processed = processed + $2, failed = failed + $3, "
            + "status = case when processed + $2 = size then (case when failed + $3 = 0 then 'success' "
            + "else 'failure' end) else status end, "
            + "ended_at = case when processed + $2 = size then now() else ended_at end "
            + "where id = $1 and status = 'in_progress' "
            + "returning status, coalesce(ended_at = now(), false) as finished_now";

    // Items neither recorded (a row, or inside a run, which never spans more than a block) nor waiting in the
    // historical-pull queue, named from the users submitted with the op.
    private static final String RECORD_MISSING = "insert into bulk_op_items "
            + "(op_id, item_index, user_id, succeeded, error_type, error_message, recorded_at) "
            + "select $1, (u.n - 1)::int, u.user_id, false, 'unknown', $2, now() "
            + "from bulk_op_users b cross join lateral unnest(b.user_ids) with ordinality as u(user_id, n) "
            + "where b.op_id = $1 "
            + "and not exists (select 1 from bulk_op_items i where i.op_id = $1 and i.item_index = u.n - 1) "
            + "and not exists (select 1 from bulk_op_item_runs r where r.op_id = $1 "
            + "and r.first_index between u.n - " + ItemRuns.BLOCK + " and u.n - 1 and r.last_index >= u.n - 1) "
            + "and not exists (select 1 from historical_pull_queue q where q.op_id = $1 and q.item_index = u.n - 1) "
            + "on conflict (op_id, item_index) do nothing";

    // Every item without an outcome, queued pulls included (their queue rows go in the same transaction).
    private static final String RECORD_CANCELLED = "insert into bulk_op_items "
            + "(op_id, item_index, user_id, succeeded, error_type, error_message, recorded_at) "
            + "select $1, (u.n - 1)::int, u.user_id, false, 'cancelled', $2, now() "
            + "from bulk_op_users b cross join lateral unnest(b.user_ids) with ordinality as u(user_id, n) "
            + "where b.op_id = $1 "
            + "and not exists (select 1 from bulk_op_items i where i.op_id = $1 and i.item_index = u.n - 1) "
            + "and not exists (select 1 from bulk_op_item_runs r where r.op_id = $1 "
            + "and r.first_index between u.n - " + ItemRuns.BLOCK + " and u.n - 1 and r.last_index >= u.n - 1) "
            + "on conflict (op_id, item_index) do nothing";

    private static final String END_CANCELLED = "update bulk_ops set processed = processed + $2, "
            + "failed = failed + $2, status = 'aborted', ended_at = now() where id = $1 and status = 'in_progress'";

    private final Pool pool;

    public OpProgressRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records outcomes in a transaction of their own; an op that is not in progress is left as it is. */
    public Uni<BatchRecorded> record(UUID opId, List<ItemOutcome> outcomes) {
        // The items' blocks are locked before the op's row: the order an import batch takes them in.
        return pool.withTransaction(sql -> lockBlocks(sql, opId, blocksOf(outcomes))
                .chain(() -> lockStatus(sql, opId))
                .chain(status -> {
                    if (status != BulkOpStatus.in_progress) {
                        return Uni.createFrom().item(
                                BatchRecorded.nothingNew(status == null ? BulkOpStatus.aborted : status));
                    }
                    return insertOutcomes(sql, opId, outcomes)
                            .chain(newIndexes -> countOrRollBack(sql, opId, outcomes, newIndexes));
                }));
    }

    /**
     * Records every item of the op that neither has an outcome nor waits in a queue as failed with {@code detail}, and
     * ends the op if that was the last of them. Answers what it recorded.
     */
    public Uni<BatchRecorded> recordMissing(UUID opId, String detail) {
        // Every block of the op is locked before its row, the order every recording transaction takes them in.
        return pool.withTransaction(sql -> lockAllBlocks(sql, opId).chain(() -> lockStatus(sql, opId)).chain(status -> {
            if (status != BulkOpStatus.in_progress) {
                return Uni.createFrom().item(BatchRecorded.nothingNew(status == null ? BulkOpStatus.aborted : status));
            }
            return sql.preparedQuery(RECORD_MISSING).execute(Tuple.of(opId, detail))
                    .chain(inserted -> countItems(sql, opId, inserted.rowCount(), inserted.rowCount())
                            .map(count -> new BatchRecorded(count.status(), List.of(), count.finishedNow(),
                                    inserted.rowCount())));
        }));
    }

    /**
     * Cancels the team's op if it is still in progress: every item without an outcome is recorded as
     * {@code cancelled}, queued pulls leave the queue, and the op ends {@code aborted} with exact counts. Workers
     * recording items of the op wait for it (it holds every block of the op and its row) and then record nothing.
     * Answers null when the team has no such op.
     */
    public Uni<OpCancellation> cancel(UUID teamId, UUID opId, String detail) {
        return pool.withTransaction(sql -> sql.preparedQuery("select status from bulk_ops where id = $1 "
                        + "and team_id = $2").execute(Tuple.of(opId, teamId))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    BulkOpStatus seen = BulkOpStatus.valueOf(rows.iterator().next().getString("status"));
                    if (seen.isTerminal()) {
                        return Uni.createFrom().item(OpCancellation.alreadyEnded(seen));
                    }
                    // Blocks before the row: the order every recording transaction takes them in.
                    return lockAllBlocks(sql, opId).chain(() -> lockStatus(sql, opId)).chain(status -> {
                        if (status != BulkOpStatus.in_progress) {
                            return Uni.createFrom().item(OpCancellation.alreadyEnded(status));
                        }
                        return sql.preparedQuery("delete from historical_pull_queue where op_id = $1")
                                .execute(Tuple.of(opId))
                                .chain(() -> sql.preparedQuery(RECORD_CANCELLED).execute(Tuple.of(opId, detail)))
                                .chain(inserted -> sql.preparedQuery(END_CANCELLED)
                                        .execute(Tuple.of(opId, inserted.rowCount()))
                                        .replaceWith(OpCancellation.cancelledNow(inserted.rowCount())));
                    });
                }));
    }

    /** The user submitted for each of these item indexes, where the op has that index. */
    public Uni<Map<Integer, UUID>> submittedUsers(UUID opId, Collection<Integer> indexes) {
        // Unnested once: a subscript per index detoasts the whole array each time.
        return pool.preparedQuery("select (u.n - 1)::int as i, u.user_id from bulk_op_users b "
                        + "cross join lateral unnest(b.user_ids) with ordinality as u(user_id, n) "
                        + "join unnest($2::int[]) as t(i) on t.i = u.n - 1 where b.op_id = $1")
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

    /** Which of these item indexes the op has recorded already (a redelivery must not be verified again). */
    static Uni<Set<Integer>> recordedAmong(SqlClient sql, UUID opId, Collection<Integer> indexes) {
        Integer[] blocks = Arrays.stream(ItemRuns.blocksOf(indexes)).boxed().toArray(Integer[]::new);
        return recordedIn(sql, opId, blocks)
                .map(recorded -> ItemRuns.covered(indexes, recorded));
    }

    /**
     * Records the outcomes of item indexes the op has not recorded yet, under a lock on their blocks; answers those
     * indexes. Failures take a row each, with their reason; successes one row per run of consecutive indexes (their
     * users are the ones submitted with the op).
     */
    static Uni<Set<Integer>> insertOutcomes(SqlConnection sql, UUID opId, List<ItemOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Integer> indexes = outcomes.stream().map(ItemOutcome::itemIndex).toList();
        Integer[] blocks = blocksOf(outcomes);
        return lockBlocks(sql, opId, blocks)
                .chain(() -> recordedIn(sql, opId, blocks))
                .chain(recorded -> {
                    Set<Integer> already = ItemRuns.covered(indexes, recorded);
                    Map<Integer, ItemOutcome> fresh = new LinkedHashMap<>();
                    outcomes.stream().filter(outcome -> !already.contains(outcome.itemIndex()))
                            .forEach(outcome -> fresh.putIfAbsent(outcome.itemIndex(), outcome));
                    List<ItemOutcome> failures = fresh.values().stream().filter(outcome -> !outcome.isSuccess())
                            .toList();
                    List<Integer> successes = fresh.values().stream().filter(ItemOutcome::isSuccess)
                            .map(ItemOutcome::itemIndex).toList();
                    return insertItems(sql, opId, failures)
                            .call(() -> insertRuns(sql, opId, ItemRuns.runsOf(successes)))
                            .map(newFailures -> {
                                Set<Integer> recordedNow = new HashSet<>(successes);
                                recordedNow.addAll(newFailures);
                                return recordedNow;
                            });
                });
    }

    private static Integer[] blocksOf(List<ItemOutcome> outcomes) {
        return Arrays.stream(ItemRuns.blocksOf(outcomes.stream().map(ItemOutcome::itemIndex).toList())).boxed()
                .toArray(Integer[]::new);
    }

    private static Uni<Void> lockBlocks(SqlConnection sql, UUID opId, Integer[] blocks) {
        if (blocks.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery(LOCK_BLOCKS).execute(Tuple.of(opId, blocks)).replaceWithVoid();
    }

    private static Uni<List<ItemRuns.Run>> recordedIn(SqlClient sql, UUID opId, Integer[] blocks) {
        return sql.preparedQuery(RECORDED_IN_BLOCKS).execute(Tuple.of(opId, blocks))
                .map(rows -> {
                    List<ItemRuns.Run> recorded = new ArrayList<>();
                    rows.forEach(row -> recorded.add(new ItemRuns.Run(row.getInteger("first_index"),
                            row.getInteger("last_index"))));
                    return recorded;
                });
    }

    private static Uni<Void> lockAllBlocks(SqlConnection sql, UUID opId) {
        return sql.preparedQuery("select pg_advisory_xact_lock(hashtext(o.id::text), b) from bulk_ops o, "
                        + "generate_series(0, greatest(o.size - 1, 0) / " + ItemRuns.BLOCK + ") as b where o.id = $1")
                .execute(Tuple.of(opId))
                .replaceWithVoid();
    }

    /**
     * Records outcomes as rows, one per item index without a row yet (a conflicting index is skipped); answers the
     * indexes recorded now. Alone, for ops whose items are never recorded as runs (historical pulls, whose
     * transactions lock the op's row instead of blocks).
     */
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

    private static Uni<Void> insertRuns(SqlConnection sql, UUID opId, List<ItemRuns.Run> runs) {
        if (runs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Integer[] firsts = runs.stream().map(ItemRuns.Run::first).toArray(Integer[]::new);
        Integer[] lasts = runs.stream().map(ItemRuns.Run::last).toArray(Integer[]::new);
        return sql.preparedQuery(INSERT_RUNS).execute(Tuple.of(opId, firsts, lasts)).replaceWithVoid();
    }

    /**
     * Counts the outcomes recorded now into the op; answers them with the op's status afterwards. If the op is no
     * longer in progress (a transaction that did not lock it first may find it ended or aborted meanwhile), the
     * transaction fails with {@link OpNotInProgress}, so that nothing it wrote is applied.
     */
    static Uni<BatchRecorded> countOrRollBack(SqlConnection sql, UUID opId, List<ItemOutcome> outcomes,
            Set<Integer> newIndexes) {
        Map<Integer, ItemOutcome> firstOfIndex = new LinkedHashMap<>();
        outcomes.stream().filter(outcome -> newIndexes.contains(outcome.itemIndex()))
                .forEach(outcome -> firstOfIndex.putIfAbsent(outcome.itemIndex(), outcome));
        List<ItemOutcome> recorded = List.copyOf(firstOfIndex.values());
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
