package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.TeamData;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code bulk_import} with {@code "dry_run": true}: the real import's outcomes, with nothing written. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class DryRunTest {

    @Test
    void predictsWhatTheRealImportOfTheSameBodyDoesAndWritesNothing() {
        TestTeam team = Teams.createMigrating("dry run", "fitbit");
        List<UUID> users = Teams.createUsers(team, 6);
        // users[0] already holds a provider account that users[1] now claims; users[2] reconnects its own.
        as(team).body(Recipes.body("fitbit", List.of(account(users.get(0), "held"), account(users.get(2), "own")),
                true)).post("/v2/link/bulk_import").then().statusCode(200).body("status", equalTo("success"));
        UUID stranger = Teams.createUser(Teams.createMigrating("dry run stranger", "fitbit"), "not-ours");
        List<Map<String, Object>> connections = new ArrayList<>(List.of(
                account(users.get(1), "held"),
                account(users.get(2), "own"),
                account(users.get(3), "twice"),
                account(users.get(4), "twice"),
                account(users.get(5), "fresh"),
                account(stranger, "stranger"),
                account(UUID.randomUUID(), "nobody")));
        // The set-up import's events leave the outbox in the background: wait for that before the fingerprint.
        await().atMost(Duration.ofSeconds(30)).until(() -> TeamData.settled(team.id()));
        Map<String, String> before = TeamData.fingerprint(team.id());

        JsonPath dry = as(team).header("Idempotency-Key", "rehearsal").body(dryRun(connections))
                .post("/v2/link/bulk_import").then().statusCode(200).body("dry_run", equalTo(true))
                .body("verification", nullValue()).extract().jsonPath();

        assertEquals(before, TeamData.fingerprint(team.id()), "a dry run stores nothing");
        assertEquals(0, Database.count("select count(*) from idempotency_keys where team_id = ?", team.id()));
        Map<String, String> predicted = outcomes(dry.getList("user_ids_imported"), dry.getList("failures"));
        assertEquals(Map.of(
                users.get(1).toString(), "duplicate_connection",
                users.get(2).toString(), "imported",
                users.get(3).toString(), "imported",
                users.get(4).toString(), "duplicate_connection",
                users.get(5).toString(), "imported",
                stranger.toString(), "user_not_found"), without(predicted, connections.get(6)));
        assertEquals("user_not_found", predicted.get(connections.get(6).get("user_id")));
        assertEquals(dry.getList("user_ids_failed").size(), dry.getList("failures").size());

        String opId = as(team).body(Recipes.body("fitbit", connections, true)).post("/v2/link/bulk_import")
                .then().statusCode(200).extract().path("bulk_op_id");
        JsonPath real = as(team).get("/v2/link/bulk_op/" + opId).then().statusCode(200).extract().jsonPath();
        assertEquals(predicted, outcomes(real.getList("imported"), real.getList("failures")),
                "the dry run predicted the import");
    }

    @Test
    void saysWhenTheProviderWouldStillVerifyAndRefusesWhatTheImportRefuses() {
        TestTeam team = Teams.createMigrating("dry run verified", "whoop_v2");
        List<UUID> users = Teams.createUsers(team, 1);
        Map<String, Object> body = dryRun(List.of(account(users.get(0), "w")));
        body.put("provider", "whoop_v2");
        as(team).body(body).post("/v2/link/bulk_import").then().statusCode(200)
                .body("verification", containsString("not_run"))
                .body("user_ids_imported", equalTo(List.of(users.get(0).toString())));

        body.put("provider", "oura");
        as(team).body(body).post("/v2/link/bulk_import").then().statusCode(400)
                .body("detail", containsString("credential"));
        Map<String, Object> twice = dryRun(List.of(account(users.get(0), "a"), account(users.get(0), "b")));
        as(team).body(twice).post("/v2/link/bulk_import").then().statusCode(422);
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    @Test
    void rehearsesTenThousandConnections() {
        TestTeam team = Teams.createMigrating("dry run large", "fitbit");
        List<UUID> users = Teams.insertUsers(team.id(), 10000);
        Map<String, Object> body = Recipes.body("fitbit", users, "dry", false);
        body.put("dry_run", true);
        as(team).body(body).post("/v2/link/bulk_import").then().statusCode(200)
                .body("user_ids_imported.size()", equalTo(10_000)).body("failures.size()", equalTo(0));
        assertEquals(0, Database.count("select count(*) from connections where team_id = ?", team.id()));
    }

    private static Map<String, Object> account(UUID user, String account) {
        Map<String, Object> recipe = Recipes.recipe(user, "dry");
        recipe.put("provider_id", "acct-" + account + "-" + (account.equals("own") || account.equals("held")
                || account.equals("twice") ? "" : user));
        return recipe;
    }

    private static Map<String, Object> dryRun(List<Map<String, Object>> connections) {
        Map<String, Object> body = new HashMap<>(Recipes.body("fitbit", connections, false));
        body.put("dry_run", true);
        return body;
    }

    private static Map<String, String> outcomes(List<String> imported, List<Map<String, String>> failures) {
        Map<String, String> outcomes = new TreeMap<>();
        imported.forEach(user -> outcomes.put(user, "imported"));
        failures.forEach(failure -> outcomes.put(failure.get("user_id"), failure.get("error_type")));
        return outcomes;
    }

    private static Map<String, String> without(Map<String, String> outcomes, Map<String, Object> recipe) {
        Map<String, String> rest = new TreeMap<>(outcomes);
        rest.remove(recipe.get("user_id"));
        return rest;
    }
}
