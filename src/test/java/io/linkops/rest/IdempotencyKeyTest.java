package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.domain.ConnectionRecipe;
import io.linkops.domain.Provider;
import io.linkops.service.RequestFingerprint;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on the bulk requests that start ops, on the real database and broker. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class IdempotencyKeyTest {

    @Test
    void aRepeatedRequestAnswersWithTheSameOpAndEnqueuesNothing() {
        TestTeam team = Teams.createMigrating("idem repeat", "fitbit");
        List<UUID> users = Teams.createUsers(team, 5);
        Map<String, Object> body = Recipes.body("fitbit", users, "idem", true);
        String key = UUID.randomUUID().toString();

        String opId = as(team).header("Idempotency-Key", key).body(body).post("/v2/link/bulk_import")
                .then().statusCode(200).header("Idempotent-Replayed", nullValue())
                .body("status", equalTo("success")).extract().path("bulk_op_id");
        String updated = (String) Database.rows("select max(updated_at)::text from connections where team_id = ?",
                team.id()).get(0).get(0);

        as(team).header("Idempotency-Key", key).body(body).post("/v2/link/bulk_import")
                .then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("bulk_op_id", equalTo(opId)).body("status", equalTo("success"))
                .body("user_ids_imported.size()", equalTo(5));
        // Junction's header name is the same key.
        as(team).header("X-Idempotency-Key", key).body(body).post("/v2/link/bulk_import")
                .then().statusCode(200).body("bulk_op_id", equalTo(opId));

        assertEquals(1, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
        assertEquals(updated, Database.rows("select max(updated_at)::text from connections where team_id = ?",
                team.id()).get(0).get(0), "a repeat applied the connections again");
    }

    @Test
    void aRepeatWithoutWaitingAnswers202AsUsual() {
        TestTeam team = Teams.createMigrating("idem 202", "fitbit");
        Map<String, Object> body = Recipes.body("fitbit", Teams.createUsers(team, 2), "idem", false);
        String opId = as(team).header("Idempotency-Key", "k-202").body(body).post("/v2/link/bulk_import")
                .then().statusCode(202).extract().path("bulk_op_id");
        as(team).header("Idempotency-Key", "k-202").body(body).post("/v2/link/bulk_import")
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("bulk_op_id", equalTo(opId));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndChangesNothing() {
        TestTeam team = Teams.createMigrating("idem mismatch", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        as(team).header("Idempotency-Key", "k-1").body(Recipes.body("fitbit", users, "first", true))
                .post("/v2/link/bulk_import").then().statusCode(200);

        as(team).header("Idempotency-Key", "k-1").body(Recipes.body("fitbit", users, "second", true))
                .post("/v2/link/bulk_import").then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("header", "idempotency-key")))
                .body("detail[0].msg", containsString("different request body"))
                .body("detail[0].msg", not(containsString("second")));
        as(team).header("Idempotency-Key", "k-1").body(Map.of("provider", "fitbit", "user_ids", users))
                .post("/v2/link/bulk_trigger_historical_pull").then().statusCode(422);

        assertEquals(1, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    @Test
    void concurrentRequestsWithOneKeyStartOneOp() throws Exception {
        TestTeam team = Teams.createMigrating("idem concurrent", "fitbit");
        Map<String, Object> body = Recipes.body("fitbit", Teams.createUsers(team, 200), "race", false);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(clients.submit(() -> as(team).header("Idempotency-Key", "race").body(body)
                        .post("/v2/link/bulk_import")));
            }
            List<String> ops = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                assertTrue(response.statusCode() == 202 || response.statusCode() == 409, response.asString());
                if (response.statusCode() == 202) {
                    ops.add(response.path("bulk_op_id"));
                } else {
                    assertEquals("1", response.header("Retry-After"));
                }
            }
            assertTrue(ops.stream().distinct().count() == 1, "one op for one key: " + ops);
        } finally {
            clients.shutdownNow();
        }
        assertEquals(1, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    @Test
    void aKeyWhoseFirstRequestIsStillEnqueuingAnswers409() {
        TestTeam team = Teams.createMigrating("idem in flight", "fitbit");
        List<UUID> users = Teams.createUsers(team, 2);
        Map<String, Object> body = Recipes.body("fitbit", users, "in-flight", false);
        // The first request's state mid-enqueue: its key held, its op created but not yet confirmed.
        UUID opId = UUID.randomUUID();
        Database.execute("insert into bulk_ops (id, team_id, type, provider, status, enqueue_state, size, started_at) "
                + "values (?, ?, 'link_bulk_import', 'fitbit', 'in_progress', 'pending', 2, now())", opId, team.id());
        byte[] fingerprint = RequestFingerprint.ofImport(Provider.FITBIT, users.stream().map(user ->
                new ConnectionRecipe(user, Recipes.accessToken(user, "in-flight"), Recipes.refreshToken(user,
                        "in-flight"), "ext-" + user, 1_900_000_000L, List.of("activity", "sleep"))).toList(), false);
        Database.execute("insert into idempotency_keys (team_id, idem_key, fingerprint, op_id, created_at) "
                + "values (?, 'in-flight', ?, ?, now())", team.id(), fingerprint, opId);

        as(team).header("Idempotency-Key", "in-flight").body(body).post("/v2/link/bulk_import")
                .then().statusCode(409).header("Retry-After", "1").body("detail", containsString("still being"));

        // Once the op is confirmed, the same request is answered with it.
        Database.execute("update bulk_ops set enqueue_state = 'committed' where id = ?", opId);
        as(team).header("Idempotency-Key", "in-flight").body(body).post("/v2/link/bulk_import")
                .then().statusCode(202).header("Idempotent-Replayed", "true")
                .body("bulk_op_id", equalTo(opId.toString()));
        assertEquals(1, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    @Test
    void aRefusedRequestFreesItsKey() {
        TestTeam team = Teams.create("idem refused");
        Teams.asOperator().body(Map.of("link_migration_enabled", true))
                .patch("/admin/v1/teams/" + team.id()).then().statusCode(200);
        Map<String, Object> body = Recipes.body("fitbit", Teams.createUsers(team, 2), "refused", false);

        as(team).header("Idempotency-Key", "after-credential").body(body).post("/v2/link/bulk_import")
                .then().statusCode(400).body("detail", containsString("credential"));
        Teams.asOperator().body(Map.of("client_id", "cid", "client_secret", "secret"))
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/fitbit").then().statusCode(200);

        as(team).header("Idempotency-Key", "after-credential").body(body).post("/v2/link/bulk_import")
                .then().statusCode(202).header("Idempotent-Replayed", nullValue());
    }

    @Test
    void keysArePerTeamAndExpire() {
        TestTeam first = Teams.createMigrating("idem team a", "fitbit");
        TestTeam second = Teams.createMigrating("idem team b", "fitbit");
        String a = as(first).header("Idempotency-Key", "shared").body(Recipes.body("fitbit",
                Teams.createUsers(first, 1), "a", false)).post("/v2/link/bulk_import").then().statusCode(202)
                .extract().path("bulk_op_id");
        String b = as(second).header("Idempotency-Key", "shared").body(Recipes.body("fitbit",
                Teams.createUsers(second, 1), "b", false)).post("/v2/link/bulk_import").then().statusCode(202)
                .header("Idempotent-Replayed", nullValue()).extract().path("bulk_op_id");
        assertNotEquals(a, b);

        Database.execute("update idempotency_keys set created_at = now() - interval '25 hours' where team_id = ?",
                first.id());
        String again = as(first).header("Idempotency-Key", "shared").body(Recipes.body("fitbit",
                Teams.createUsers(first, 1), "a2", false)).post("/v2/link/bulk_import").then().statusCode(202)
                .header("Idempotent-Replayed", nullValue()).extract().path("bulk_op_id");
        assertNotEquals(a, again, "a key past its retention starts a new op");
    }

    @Test
    void historicalPullsTakeAKeyToo() {
        TestTeam team = Teams.createMigrating("idem pulls", "fitbit");
        List<UUID> users = Teams.createUsers(team, 2);
        Map<String, Object> body = Map.of("provider", "fitbit", "user_ids", users);
        String opId = as(team).header("Idempotency-Key", "pull").body(body)
                .post("/v2/link/bulk_trigger_historical_pull").then().statusCode(202).extract().path("bulk_op_id");
        as(team).header("Idempotency-Key", "pull").body(body).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("bulk_op_id", equalTo(opId));
        assertEquals(1, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    @Test
    void malformedKeysAre422() {
        TestTeam team = Teams.createMigrating("idem malformed", "fitbit");
        Map<String, Object> body = Recipes.body("fitbit", Teams.createUsers(team, 1), "bad", false);
        as(team).header("Idempotency-Key", "x".repeat(256)).body(body).post("/v2/link/bulk_import")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("header", "idempotency-key")));
        as(team).header("Idempotency-Key", "a").header("X-Idempotency-Key", "b").body(body)
                .post("/v2/link/bulk_import").then().statusCode(422);
        as(team).header("X-Idempotency-Key", "spaces are not allowed").body(body).post("/v2/link/bulk_import")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("header", "x-idempotency-key")));
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }
}
