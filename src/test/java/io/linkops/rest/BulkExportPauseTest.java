package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class BulkExportPauseTest {

    @Test
    void exportsTheCurrentDecryptedTokensAsRecipes() {
        TestTeam team = Teams.createMigrating("export", "oura");
        List<UUID> users = Teams.createUsers(team, 2);
        importWaiting(team, "oura", users, "exp");
        Response page = export(team, "oura", null, null);
        page.then().statusCode(200).body("data", hasSize(2)).body("next_token", nullValue());
        List<Map<String, Object>> data = page.path("data");
        for (Map<String, Object> recipe : data) {
            UUID userId = UUID.fromString((String) recipe.get("user_id"));
            assertTrue(users.contains(userId));
            assertEquals(Recipes.accessToken(userId, "exp"), recipe.get("access_token"));
            assertEquals(Recipes.refreshToken(userId, "exp"), recipe.get("refresh_token"));
            assertEquals("ext-" + userId, recipe.get("provider_id"));
            assertEquals(1_900_000_000, ((Number) recipe.get("expires_at")).longValue());
            assertEquals(List.of("activity", "sleep"), recipe.get("oauth_scopes"));
        }
        importWaiting(team, "oura", users.subList(0, 1), "rotated");
        export(team, "oura", List.of(users.get(0)), null).then()
                .body("data[0].access_token", equalTo(Recipes.accessToken(users.get(0), "rotated")));
    }

    @Test
    void pagesNeitherSkipNorRepeatUnderConcurrentImports() {
        TestTeam team = Teams.createMigrating("paging", "fitbit");
        List<UUID> original = Teams.createUsers(team, 7);
        importWaiting(team, "fitbit", original, "v1");

        List<String> seen = new ArrayList<>();
        Response first = export(team, "fitbit", null, null);
        first.then().statusCode(200).body("data", hasSize(3));
        seen.addAll(first.path("data.user_id"));
        // Meanwhile: new connections arrive and existing ones are re-imported with new tokens.
        importWaiting(team, "fitbit", Teams.createUsers(team, 4), "new");
        importWaiting(team, "fitbit", original, "v2");

        String token = first.path("next_token");
        while (token != null) {
            Response next = export(team, "fitbit", null, token);
            next.then().statusCode(200);
            seen.addAll(next.path("data.user_id"));
            token = next.path("next_token");
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "a connection was exported twice: " + seen);
        for (UUID user : original) {
            assertTrue(seen.contains(user.toString()), "connection of " + user + " skipped");
        }
    }

    @Test
    void exportsOnlyTheNamedUsersAndOnlyConnectionsBoundToTheTeamsCredential() {
        TestTeam team = Teams.createMigrating("filter", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        importWaiting(team, "fitbit", users, "f");
        export(team, "fitbit", List.of(users.get(1), users.get(1), UUID.randomUUID()), null).then()
                .body("data.user_id", contains(users.get(1).toString()));
        Database.execute("update connections set credential_id = null where user_id = ?", users.get(2));
        export(team, "fitbit", null, null).then().body("data", hasSize(2));
        export(team, "oura", null, null).then().statusCode(200).body("data", empty());
    }

    @Test
    void pausedConnectionsStayPausedUntilImportedAgainAndAreStillExported() {
        TestTeam team = Teams.createMigrating("pause", "fitbit");
        List<UUID> users = Teams.createUsers(team, 2);
        importWaiting(team, "fitbit", users, "p");
        Map<String, Object> body = new HashMap<>();
        body.put("provider", "fitbit");
        body.put("user_ids", List.of(users.get(0).toString(), UUID.randomUUID().toString()));
        as(team).body(body).post("/v2/link/bulk_pause").then().statusCode(200).body(equalTo("{}"));
        as(team).body(body).post("/v2/link/bulk_pause").then().statusCode(200);

        as(team).get("/v2/user/providers/" + users.get(0)).then().body("providers[0].status", equalTo("paused"));
        as(team).get("/v2/user/providers/" + users.get(1)).then().body("providers[0].status", equalTo("connected"));
        export(team, "fitbit", null, null).then().body("data", hasSize(2));

        importWaiting(team, "fitbit", users.subList(0, 1), "again");
        as(team).get("/v2/user/providers/" + users.get(0)).then().body("providers[0].status", equalTo("connected"));
    }

    @Test
    void erroredConnectionsAreExportedAndDeregisteredOnesAreNot() {
        TestTeam team = Teams.createMigrating("export-states", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        importWaiting(team, "fitbit", users, "s");
        Database.execute("update connections set status = 'error', error_type = 'token_refresh_failed' "
                + "where user_id = ?", users.get(0));
        as(team).delete("/v2/user/" + users.get(1) + "/fitbit").then().statusCode(200);

        List<String> exported = export(team, "fitbit", null, null).then().statusCode(200).extract().path("data.user_id");
        assertEquals(Set.of(users.get(0).toString(), users.get(2).toString()), new HashSet<>(exported));
    }

    @Test
    void anotherTeamCanNeitherExportNorPauseThem() {
        TestTeam owner = Teams.createMigrating("owner", "fitbit");
        TestTeam intruder = Teams.createMigrating("intruder", "fitbit");
        List<UUID> users = Teams.createUsers(owner, 1);
        importWaiting(owner, "fitbit", users, "mine");
        export(intruder, "fitbit", users, null).then().statusCode(200).body("data", empty());
        export(intruder, "fitbit", null, null).then().statusCode(200).body("data", empty());
        as(intruder).body(Map.of("provider", "fitbit", "user_ids", List.of(users.get(0).toString())))
                .post("/v2/link/bulk_pause").then().statusCode(200);
        as(owner).get("/v2/user/providers/" + users.get(0)).then().body("providers[0].status", equalTo("connected"));
    }

    @Test
    void refusesDisabledTeamsAndBadInput() {
        TestTeam disabled = Teams.create("export-disabled");
        export(disabled, "fitbit", null, null).then().statusCode(403);
        as(disabled).body(Map.of("provider", "fitbit", "user_ids", List.of())).post("/v2/link/bulk_pause")
                .then().statusCode(403);

        TestTeam team = Teams.createMigrating("export-bad", "fitbit");
        export(team, "fitbit", null, "not-a-token").then().statusCode(422)
                .body("detail[0].loc", contains("body", "next_token"));
        export(team, "myspace", null, null).then().statusCode(422).body("detail[0].loc", contains("body", "provider"));
        List<UUID> users = Teams.createUsers(team, 4);
        importWaiting(team, "fitbit", users, "t");
        String fitbitToken = export(team, "fitbit", null, null).path("next_token");
        export(team, "oura", null, fitbitToken).then().statusCode(422);
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("provider", "fitbit");
        List<String> ids = new ArrayList<>();
        ids.add(null);
        withNull.put("user_ids", ids);
        as(team).body(withNull).post("/v2/link/bulk_pause").then().statusCode(422)
                .body("detail[0].loc", contains("body", "user_ids", 0));
        as(team).body(Map.of("provider", "fitbit")).post("/v2/link/bulk_pause").then().statusCode(422)
                .body("detail[0].loc", contains("body", "user_ids"));
        Set<Object> statuses = new HashSet<>(Database.rows("select status from connections where team_id = ?",
                team.id()).stream().map(row -> row.get(0)).toList());
        assertEquals(Set.of("connected"), statuses);
    }

    private static Response export(TestTeam team, String provider, List<UUID> userIds, String nextToken) {
        Map<String, Object> body = new HashMap<>();
        body.put("provider", provider);
        body.put("user_ids", userIds == null ? null : userIds.stream().map(UUID::toString).toList());
        body.put("next_token", nextToken);
        return as(team).body(body).post("/v2/link/bulk_export");
    }

    private static void importWaiting(TestTeam team, String provider, List<UUID> users, String marker) {
        as(team).body(Recipes.body(provider, users, marker, true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success"));
    }
}
