package io.linkops.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.testinfra.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The import's per-batch lookups keep their index probes for a team the planner's statistics do not know yet, which
 * they estimate at one row: a new team's first large import. Runs against copies of the real tables (same columns
 * and indexes, after every migration) in a scratch schema inside one transaction that is rolled back, so the
 * statistics can be made to know another team only.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class UnknownTeamPlansTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KNOWN_TEAM_ROWS = 5_000;
    private static final int NEW_TEAM_ROWS = 20_000;
    private static final int BATCH = 2_000;
    /** The users lookup as a plain join, which the planner ran as a scan of the whole team per id. */
    private static final String PLAIN_JOIN_USERS = "select u.id, u.client_user_id from unnest($2::uuid[]) as t(id) "
            + "join users u on u.id = t.id where u.team_id = $1";

    /** The join by which export, pause and historical pulls find the listed users' connections. */
    private static final String CONNECTIONS_OF_USERS = "select c.id from unnest($2::uuid[]) as t(user_id) "
            + "join connections c on c.team_id = $1 and c.user_id = t.user_id and c.provider = 'fitbit'";

    /** An export page without a user list. */
    private static final String EXPORT_PAGE = "select c.id from connections c where c.team_id = $1 "
            + "and c.provider = 'fitbit' and c.credential_id = $2 and c.id > '00000000-0000-0000-0000-000000000000' "
            + "order by c.id limit 500";
    private static final UUID CREDENTIAL = UUID.randomUUID();

    private final UUID knownTeam = UUID.randomUUID();
    private final UUID newTeam = UUID.randomUUID();

    @Test
    void lookupsOfATeamTheStatisticsDoNotKnowStayIndexProbes() throws Exception {
        try (Connection db = RealInfrastructure.postgres().connect()) {
            db.setAutoCommit(false);
            try (Statement sql = db.createStatement()) {
                createScratchCopies(sql);
                String ownersCall = "execute owners('" + newTeam + "', 'fitbit', " + textArray("p-", 0, BATCH) + ")";
                String usersCall = "execute client_ids('" + newTeam + "', " + userIdArray(sql) + ")";
                String connectionsCall = usersCall.replace("client_ids", "connections_of_users");
                String exportCall = "execute export_page('" + newTeam + "', '" + CREDENTIAL + "')";
                sql.execute("prepare owners(uuid, text, text[]) as " + ConnectionImportRepository.OWNERS_OF);
                sql.execute("prepare client_ids(uuid, uuid[]) as " + ConnectionImportRepository.CLIENT_USER_IDS);
                sql.execute("prepare plain_join_users(uuid, uuid[]) as " + PLAIN_JOIN_USERS);
                sql.execute("prepare connections_of_users(uuid, uuid[]) as " + CONNECTIONS_OF_USERS);
                sql.execute("prepare export_page(uuid, uuid) as " + EXPORT_PAGE);
                Map<String, String> indexes = indexDefinitions(sql);

                assertFalse(indexes.values().stream().anyMatch(definition -> definition.contains(" ON connections ")
                        && ledByTeam(definition)), "no index of connections may be led by team_id: " + indexes);
                // The hazard reproduces here: the plain join scans the team through an index led by team_id.
                assertTrue(usesTeamLedIndex(sql, usersCall.replace("client_ids", "plain_join_users"), indexes),
                        "the scratch set-up must reproduce the scan");

                assertEquals(List.of("(provider_user_id, provider, team_id)"), columnsUsed(sql, ownersCall, indexes));
                assertFalse(usesTeamLedIndex(sql, usersCall, indexes),
                        "the users lookup must not scan the team through an index led by team_id");
                // On tables this small the planner may rightly hash a scan of the whole table instead of probing.
                assertTrue(List.of("(user_id, provider, team_id)").containsAll(
                        columnsUsed(sql, connectionsCall, indexes)),
                        "export, pause and pulls find connections by user");
                assertTrue(List.of("(credential_id, id)").containsAll(columnsUsed(sql, exportCall, indexes)),
                        "export pages walk the credential's connections");

                assertEquals(BATCH, countNonNull(sql, ownersCall, "user_id"));
                assertEquals(BATCH, countNonNull(sql, usersCall, "client_user_id"));
                assertEquals(BATCH, countNonNull(sql, connectionsCall, "id"));
                assertEquals(500, countNonNull(sql, exportCall, "id"));

                // With the unique index the connections table had before V15, the owner lookup scans the team.
                sql.execute("create unique index old_team_user_provider on connections (team_id, user_id, provider)");
                assertTrue(indexesUsed(sql, ownersCall).contains("old_team_user_provider"),
                        "the scratch set-up must reproduce the pre-V15 plan");
            } finally {
                db.rollback();
            }
        }
    }

    private void createScratchCopies(Statement sql) throws SQLException {
        String schema = "plan_probe_" + UUID.randomUUID().toString().replace("-", "");
        sql.execute("create schema " + schema);
        sql.execute("set local search_path = " + schema);
        sql.execute("set local plan_cache_mode = force_custom_plan");
        sql.execute("create table users (like public.users including all)");
        sql.execute("create table connections (like public.connections including all)");
        insertTeamRows(sql, knownTeam, UUID.randomUUID(), KNOWN_TEAM_ROWS);
        sql.execute("analyze users");
        sql.execute("analyze connections");
        insertTeamRows(sql, newTeam, CREDENTIAL, NEW_TEAM_ROWS);
    }

    private static void insertTeamRows(Statement sql, UUID team, UUID credential, int count) throws SQLException {
        sql.execute("insert into users (id, team_id, client_user_id, created_at) select gen_random_uuid(), '" + team
                + "', 'client-' || g, now() from generate_series(0, " + (count - 1) + ") g");
        sql.execute("insert into connections (id, team_id, user_id, provider, provider_user_id, access_token, "
                + "refresh_token, expires_at, status, created_at, updated_at, credential_id) select gen_random_uuid(), "
                + "u.team_id, u.id, 'fitbit', 'p-' || substr(u.client_user_id, 8), '\\x00', '\\x00', 0, 'connected', "
                + "now(), now(), '" + credential + "' from users u where u.team_id = '" + team + "'");
    }

    private String userIdArray(Statement sql) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("select id from users where team_id = '" + newTeam + "' limit "
                + BATCH)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return "'{" + String.join(",", ids) + "}'::uuid[]";
    }

    private static String textArray(String prefix, int from, int count) {
        List<String> values = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            values.add(prefix + i);
        }
        return "'{" + String.join(",", values) + "}'::text[]";
    }

    /** Index name to its column list, for the scratch schema's tables. */
    private static Map<String, String> indexDefinitions(Statement sql) throws SQLException {
        Map<String, String> definitions = new HashMap<>();
        try (ResultSet rows = sql.executeQuery("select indexname, indexdef from pg_indexes "
                + "where schemaname = current_schema()")) {
            while (rows.next()) {
                definitions.put(rows.getString(1), rows.getString(2));
            }
        }
        return definitions;
    }

    private static List<String> indexesUsed(Statement sql, String call) throws Exception {
        List<String> used = new ArrayList<>();
        try (ResultSet plan = sql.executeQuery("explain (format json) " + call)) {
            plan.next();
            collectIndexNames(JSON.readTree(plan.getString(1)), used);
        }
        return used;
    }

    private static void collectIndexNames(JsonNode node, List<String> names) {
        if (node.has("Index Name")) {
            names.add(node.get("Index Name").asText());
        }
        node.forEach(child -> collectIndexNames(child, names));
    }

    private static boolean usesTeamLedIndex(Statement sql, String call, Map<String, String> indexes)
            throws Exception {
        return indexesUsed(sql, call).stream().anyMatch(index -> ledByTeam(indexes.get(index)));
    }

    private static List<String> columnsUsed(Statement sql, String call, Map<String, String> indexes) throws Exception {
        return indexesUsed(sql, call).stream().map(index -> columns(indexes.get(index))).distinct().toList();
    }

    private static String columns(String indexDefinition) {
        return indexDefinition.substring(indexDefinition.indexOf(" USING btree ") + " USING btree ".length());
    }

    private static boolean ledByTeam(String indexDefinition) {
        return indexDefinition != null && columns(indexDefinition).startsWith("(team_id");
    }

    private static int countNonNull(Statement sql, String call, String column) throws SQLException {
        int found = 0;
        try (ResultSet rows = sql.executeQuery(call)) {
            while (rows.next()) {
                if (rows.getString(column) != null) {
                    found++;
                }
            }
        }
        return found;
    }
}
