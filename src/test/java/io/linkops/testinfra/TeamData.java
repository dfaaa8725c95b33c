package io.linkops.testinfra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fingerprint of every row one team owns, table by table (row count and an md5 of the ordered rows), to show that a
 * barrage of requests changed nothing of it. Scoped to the team because other test classes' background work (a
 * worker finishing an op, the outbox relay) may write other teams' rows meanwhile.
 */
public final class TeamData {

    /** Each table with the condition that selects the team's rows; {@code ?} is the team id. */
    private static final Map<String, String> OWNED_ROWS = ownedRows();

    private TeamData() {
    }

    private static Map<String, String> ownedRows() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("teams", "id = ?");
        owned.put("api_keys", "team_id = ?");
        owned.put("custom_credentials", "team_id = ?");
        owned.put("users", "team_id = ?");
        owned.put("connections", "team_id = ?");
        owned.put("bulk_ops", "team_id = ?");
        owned.put("bulk_op_items", "op_id in (select id from bulk_ops where team_id = ?)");
        owned.put("bulk_op_item_runs", "op_id in (select id from bulk_ops where team_id = ?)");
        owned.put("bulk_op_users", "op_id in (select id from bulk_ops where team_id = ?)");
        owned.put("import_verifications", "op_id in (select id from bulk_ops where team_id = ?)");
        owned.put("historical_pull_queue", "team_id = ?");
        owned.put("idempotency_keys", "team_id = ?");
        owned.put("webhook_endpoints", "team_id = ?");
        owned.put("webhook_deliveries", "team_id = ?");
        owned.put("webhook_attempts", "endpoint_id in (select id from webhook_endpoints where team_id = ?)");
        owned.put("pull_throttle", "credential_id in (select id from custom_credentials where team_id = ?)");
        // Leases belong to service processes, never to a team: no row of it may ever match a team.
        owned.put("producer_leases", "holder = ?");
        // Re-encryption runs belong to the operator, never to a team.
        owned.put("key_reencryptions", "id = ?");
        // The outbox is drained by the relay in the background: settle() waits for that, and a new event then shows.
        owned.put("connection_events", "team_id = ?");
        return owned;
    }

    /** Table name to "rows:md5" of the team's rows. */
    public static Map<String, String> fingerprint(UUID teamId) {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        OWNED_ROWS.forEach((table, condition) -> {
            List<Object> row = Database.rows("select count(*), md5(coalesce(string_agg(t::text, '|' order by t::text), ''))"
                    + " from " + table + " t where " + condition, teamId).get(0);
            fingerprint.put(table, row.get(0) + ":" + row.get(1));
        });
        return fingerprint;
    }

    /** Whether the team's background work is done: no outbox events unrelayed, no pulls queued, no op in progress. */
    public static boolean settled(UUID teamId) {
        return Database.count("select count(*) from connection_events where team_id = ?", teamId) == 0
                && Database.count("select count(*) from historical_pull_queue where team_id = ?", teamId) == 0
                && Database.count("select count(*) from bulk_ops where team_id = ? and status = 'in_progress'",
                        teamId) == 0;
    }

    /** Every table the service owns (all of the public schema but Flyway's bookkeeping). */
    public static List<String> tables() {
        return Database.rows("select table_name from information_schema.tables where table_schema = 'public' "
                + "and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history' order by table_name")
                .stream().map(row -> (String) row.get(0)).toList();
    }

    /** Whether {@link #OWNED_ROWS} knows every table, so a new table cannot slip past the fingerprint unseen. */
    public static List<String> tablesNotFingerprinted() {
        return tables().stream().filter(table -> !OWNED_ROWS.containsKey(table)).toList();
    }
}
