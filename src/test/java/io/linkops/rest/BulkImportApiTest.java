package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.PrometheusText;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams.TestTeam;
import io.linkops.testinfra.Teams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class BulkImportApiTest {

    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @Test
    void answers200WithFinalListsWhenOpFinishesWithinBound() {
        TestTeam team = Teams.createMigrating("wait", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        Response response = as(team).body(Recipes.body("fitbit", users, "wait", true)).post("/v2/link/bulk_import");
        response.then().statusCode(200)
                .body("status", equalTo("success"))
                .body("bulk_op_id", matchesPattern("[0-9a-f-]{36}"))
                .body("user_ids_imported", containsInAnyOrder(users.stream().map(UUID::toString).toArray()))
                .body("user_ids_failed", empty());

        as(team).get("/v2/user/providers/" + users.get(0)).then().statusCode(200)
                .body("providers", hasSize(1))
                .body("providers[0].slug", equalTo("fitbit"))
                .body("providers[0].status", equalTo("connected"))
                .body("providers[0].external_user_id", equalTo("ext-" + users.get(0)));
        as(team).get("/v2/user/" + users.get(1)).then().body("connected_sources[0].provider.slug", equalTo("fitbit"));
    }

    @Test
    void answers202AndCompletesInTheBackground() {
        TestTeam team = Teams.createMigrating("nowait", "oura");
        List<UUID> users = Teams.createUsers(team, 2);
        Response response = as(team).body(Recipes.body("oura", users, "nowait", false)).post("/v2/link/bulk_import");
        response.then().statusCode(202)
                .body("bulk_op_id", notNullValue())
                .body("user_ids_imported", notNullValue())
                .body("user_ids_failed", notNullValue());
        String opId = response.path("bulk_op_id");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(team).get("/v2/link/bulk_op/" + opId)
                .then().statusCode(200).body("status", equalTo("success")));
        as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("id", equalTo(opId))
                .body("type", equalTo("link_bulk_import"))
                .body("provider", equalTo("oura"))
                .body("pending", equalTo(0))
                .body("processed", equalTo(2))
                .body("started_at", matchesPattern(TIMESTAMP))
                .body("ended_at", matchesPattern(TIMESTAMP))
                .body("failures", empty())
                .body("imported", hasSize(2));
    }

    @Test
    void answers202WithWhatFinishedWhenTheBoundPassesFirst() throws Exception {
        TestTeam team = Teams.createMigrating("slow", "fitbit");
        List<UUID> users = Teams.createUsers(team, 2);
        // Holding a lock on every user of the team keeps the worker's upsert waiting past the wait bound.
        try (Connection db = RealInfrastructure.postgres().connect()) {
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("select id from users where team_id = ? for update")) {
                lock.setObject(1, team.id());
                lock.executeQuery().close();
            }
            Response response = as(team).body(Recipes.body("fitbit", users, "slow", true))
                    .post("/v2/link/bulk_import");
            response.then().statusCode(202)
                    .body("status", equalTo("in_progress"))
                    .body("user_ids_imported", empty())
                    .body("user_ids_failed", empty());
            db.rollback();
            String opId = response.path("bulk_op_id");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(team).get("/v2/link/bulk_op/" + opId)
                    .then().body("status", equalTo("success")));
        }
    }

    @Test
    void failedItemsCarryTheirReasonAndFailTheOpOnly() {
        TestTeam team = Teams.createMigrating("failures", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        UUID stranger = UUID.randomUUID();
        List<Map<String, Object>> connections = new ArrayList<>();
        connections.add(Recipes.recipe(users.get(0), "f"));
        Map<String, Object> sameAccount = Recipes.recipe(users.get(1), "f");
        sameAccount.put("provider_id", "ext-" + users.get(0));
        connections.add(sameAccount);
        connections.add(Recipes.recipe(stranger, "f"));
        connections.add(Recipes.recipe(users.get(2), "f"));

        Response response = as(team).body(Recipes.body("fitbit", connections, true)).post("/v2/link/bulk_import");
        response.then().statusCode(200)
                .body("status", equalTo("failure"))
                .body("user_ids_imported", containsInAnyOrder(users.get(0).toString(), users.get(2).toString()))
                .body("user_ids_failed", containsInAnyOrder(users.get(1).toString(), stranger.toString()));
        as(team).get("/v2/link/bulk_op/" + response.path("bulk_op_id")).then()
                .body("failures.find { it.user_id == '" + stranger + "' }.error_type", equalTo("user_not_found"))
                .body("failures.find { it.user_id == '" + users.get(1) + "' }.error_type",
                        equalTo("duplicate_connection"))
                .body("failures[0].error_message", notNullValue());
        as(team).get("/v2/user/providers/" + users.get(1)).then().body("providers", empty());
    }

    @Test
    void countsOpsAndItemsForOperators() {
        TestTeam team = Teams.createMigrating("metrics", "polar");
        List<UUID> users = Teams.createUsers(team, 2);
        List<Map<String, Object>> connections = new ArrayList<>();
        connections.add(Recipes.recipe(users.get(0), "m"));
        connections.add(Recipes.recipe(UUID.randomUUID(), "m"));
        double before = metric("linkops_bulk_op_items_total{outcome=\"user_not_found\",type=\"link_bulk_import\"}");
        as(team).body(Recipes.body("polar", connections, true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("failure"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(before + 1, metric("linkops_bulk_op_items_total{outcome=\"user_not_found\",type=\"link_bulk_import\"}"));
        assertTrue(metrics.contains("linkops_bulk_ops_finished_total{status=\"failure\",type=\"link_bulk_import\"}"),
                metrics);
        assertTrue(metrics.contains("linkops_bulk_ops_end_to_end_seconds_bucket"), "an end-to-end histogram");
        assertTrue(metrics.contains("linkops_bulk_ops_enqueue_seconds_count{type=\"link_bulk_import\"}"));
    }

    private static double metric(String series) {
        return PrometheusText.scrape(series);
    }

    @Test
    void reimportingReplacesTheConnection() {
        TestTeam team = Teams.createMigrating("reimport", "fitbit");
        List<UUID> users = Teams.createUsers(team, 1);
        as(team).body(Recipes.body("fitbit", users, "first", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success"));
        as(team).body(Recipes.body("fitbit", users, "second", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success"));
        assertEquals(1, Database.count("select count(*) from connections where user_id = ?", users.get(0)));
    }

    @Test
    void refusesBeforeMigrationIsEnabled() {
        TestTeam team = Teams.create("disabled");
        List<UUID> users = Teams.createUsers(team, 1);
        as(team).body(Recipes.body("fitbit", users, "x", false)).post("/v2/link/bulk_import")
                .then().statusCode(403).body("detail", containsString("not enabled"));
        as(team).get("/v2/link/bulk_op").then().statusCode(403);
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    @Test
    void refusesAProviderWithoutCustomCredential() {
        TestTeam team = Teams.createMigrating("no-credential", "fitbit");
        List<UUID> users = Teams.createUsers(team, 1);
        as(team).body(Recipes.body("oura", users, "x", false)).post("/v2/link/bulk_import")
                .then().statusCode(400).body("detail", containsString("custom OAuth credential for oura"));
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    @Test
    void rejectsDuplicateUserIdsEmptyListsAndUnknownProviders() {
        TestTeam team = Teams.createMigrating("invalid", "fitbit");
        UUID user = Teams.createUser(team, Teams.unique("dup"));
        as(team).body(Recipes.body("fitbit", List.of(user, user), "x", false)).post("/v2/link/bulk_import")
                .then().statusCode(422)
                .body("detail[0].loc", contains("body", "connections", 1, "user_id"));
        as(team).body(Recipes.body("fitbit", List.of(), "x", false)).post("/v2/link/bulk_import")
                .then().statusCode(422).body("detail[0].loc", contains("body", "connections"));
        as(team).body(Recipes.body("myspace", List.of(user), "x", false)).post("/v2/link/bulk_import")
                .then().statusCode(422).body("detail[0].loc", contains("body", "provider"));
        Map<String, Object> noToken = Recipes.recipe(user, "x");
        noToken.remove("access_token");
        noToken.put("expires_at", -5);
        as(team).body(Recipes.body("fitbit", List.of(noToken), false)).post("/v2/link/bulk_import")
                .then().statusCode(422)
                .body("detail.loc", containsInAnyOrder(List.of("body", "connections", 0, "access_token"),
                        List.of("body", "connections", 0, "expires_at")));
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    @Test
    void answers413OverTheConfiguredSize() {
        TestTeam team = Teams.createMigrating("too-large", "fitbit");
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            users.add(UUID.randomUUID());
        }
        as(team).body(Recipes.body("fitbit", users, "x", false)).post("/v2/link/bulk_import")
                .then().statusCode(413).body("detail", containsString("at most 10000"));
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    @Test
    void listsOpsNewestFirstWithAnOpaqueCursor() {
        TestTeam team = Teams.createMigrating("list", "fitbit");
        List<UUID> users = Teams.createUsers(team, 1);
        List<String> opIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            opIds.add(0, as(team).body(Recipes.body("fitbit", users, "list" + i, true)).post("/v2/link/bulk_import")
                    .then().statusCode(200).extract().path("bulk_op_id"));
        }
        Response first = as(team).queryParam("page_size", 2).get("/v2/link/bulk_op");
        first.then().statusCode(200)
                .body("data.id", contains(opIds.get(0), opIds.get(1)))
                .body("data[0].type", equalTo("link_bulk_import"))
                .body("data[0].status", equalTo("success"))
                .body("data[0].provider", equalTo("fitbit"))
                .body("data[0].pending", equalTo(0))
                .body("data[0].processed", equalTo(1))
                .body("next_cursor", notNullValue());
        as(team).queryParam("page_size", 2).queryParam("next_cursor", (String) first.path("next_cursor"))
                .get("/v2/link/bulk_op").then().statusCode(200)
                .body("data.id", contains(opIds.get(2)))
                .body("next_cursor", nullValue());
        as(team).get("/v2/link/bulk_op").then().body("data", hasSize(3));
        as(team).queryParam("page_size", 51).get("/v2/link/bulk_op").then().statusCode(422)
                .body("detail[0].loc", contains("query", "page_size"));
        as(team).queryParam("next_cursor", "garbage!").get("/v2/link/bulk_op").then().statusCode(422)
                .body("detail[0].loc", contains("query", "next_cursor"));
    }

    @Test
    void anotherTeamsOpIsNotFound() {
        TestTeam owner = Teams.createMigrating("op-owner", "fitbit");
        TestTeam intruder = Teams.createMigrating("op-intruder", "fitbit");
        List<UUID> users = Teams.createUsers(owner, 1);
        String opId = as(owner).body(Recipes.body("fitbit", users, "mine", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).extract().path("bulk_op_id");
        as(intruder).get("/v2/link/bulk_op/" + opId).then().statusCode(404);
        as(intruder).get("/v2/link/bulk_op").then().body("data", empty());
        as(intruder).body(Recipes.body("fitbit", users, "theirs", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("failure"))
                .body("user_ids_failed", contains(users.get(0).toString()));
        as(owner).get("/v2/user/providers/" + users.get(0)).then().body("providers", hasSize(1));
    }
}
