package io.linkops.testinfra;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Bulk ops written straight to the database, as if an API had created and confirmed them (set-up only). */
public final class Ops {

    private Ops() {
    }

    /** A confirmed, in-progress op of the team whose item {@code i} was submitted for {@code users[i]}. */
    public static UUID insertConfirmed(UUID teamId, String type, List<UUID> users, String startedAgo) {
        UUID opId = UUID.randomUUID();
        Database.execute("insert into bulk_ops (id, team_id, type, provider, status, enqueue_state, size, started_at) "
                + "values (?, ?, ?, 'fitbit', 'in_progress', 'committed', ?, now() - interval '" + startedAgo + "')",
                opId, teamId, type, users.size());
        Database.execute("insert into bulk_op_users (op_id, user_ids) values (?, array["
                + users.stream().map(user -> "'" + user + "'").collect(Collectors.joining(",")) + "]::uuid[])",
                opId);
        return opId;
    }

    /** Items of the op recorded so far: a row each, and every index inside a run of succeeded imports. */
    public static long recordedItems(Object opId) {
        return recorded(opId, "");
    }

    /** Succeeded items of the op recorded so far, in rows or runs. */
    public static long recordedSuccesses(Object opId) {
        return recorded(opId, " and succeeded");
    }

    private static long recorded(Object opId, String rowFilter) {
        return Database.count("select (select count(*) from bulk_op_items where op_id = ?::uuid" + rowFilter + ") "
                + "+ coalesce((select sum(last_index - first_index + 1) from bulk_op_item_runs where op_id = ?::uuid), 0)",
                opId.toString(), opId.toString());
    }

    public static String statusOf(UUID opId) {
        return (String) Database.rows("select status from bulk_ops where id = ?", opId).get(0).get(0);
    }
}
