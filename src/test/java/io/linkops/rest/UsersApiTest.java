package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static io.linkops.testinfra.Teams.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class UsersApiTest {

    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @Test
    void createsAndFetchesUserInJunctionsShape() {
        TestTeam team = Teams.create("users");
        String clientUserId = unique("patient");
        var created = as(team).body(Map.of("client_user_id", clientUserId, "fallback_time_zone", "Europe/London",
                "fallback_birth_date", "1990-04-01", "ingestion_start", "2024-01-01")).post("/v2/user");
        created.then().statusCode(200)
                .body("client_user_id", equalTo(clientUserId))
                .body("user_id", matchesPattern("[0-9a-f-]{36}"));
        String userId = created.path("user_id");

        as(team).get("/v2/user/" + userId).then().statusCode(200)
                .body("user_id", equalTo(userId))
                .body("team_id", equalTo(team.id().toString()))
                .body("client_user_id", equalTo(clientUserId))
                .body("created_on", matchesPattern(TIMESTAMP))
                .body("connected_sources", empty())
                .body("fallback_time_zone.id", equalTo("Europe/London"))
                .body("fallback_time_zone.source_slug", equalTo("manual"))
                .body("fallback_time_zone.updated_at", matchesPattern(TIMESTAMP))
                .body("fallback_birth_date.value", equalTo("1990-04-01"))
                .body("ingestion_start", equalTo("2024-01-01"))
                .body("ingestion_end", nullValue());

        as(team).get("/v2/user/resolve/" + clientUserId).then().statusCode(200).body("user_id", equalTo(userId));
    }

    @Test
    void optionalFieldsMayBeNullOrAbsent() {
        TestTeam team = Teams.create("nulls");
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("client_user_id", unique("n"));
        body.put("fallback_time_zone", null);
        body.put("some_future_field", List.of(1, 2));
        String userId = as(team).body(body).post("/v2/user").then().statusCode(200).extract().path("user_id");
        as(team).get("/v2/user/" + userId).then().statusCode(200)
                .body("fallback_time_zone", nullValue())
                .body("fallback_birth_date", nullValue());
    }

    @Test
    void duplicateClientUserIdAnswersJunctionsShape() {
        TestTeam team = Teams.create("duplicates");
        String clientUserId = unique("dup");
        UUID first = Teams.createUser(team, clientUserId);
        as(team).body(Map.of("client_user_id", clientUserId)).post("/v2/user").then().statusCode(400)
                .body("detail.error_type", equalTo("INVALID_REQUEST"))
                .body("detail.error_message", equalTo("Client user id already exists."))
                .body("detail.user_id", equalTo(first.toString()))
                .body("detail.created_on", matchesPattern(TIMESTAMP));

        TestTeam other = Teams.create("other-team");
        as(other).body(Map.of("client_user_id", clientUserId)).post("/v2/user").then().statusCode(200);
    }

    @Test
    void concurrentCreatesOfOneClientUserIdMakeOneUser() throws Exception {
        TestTeam team = Teams.create("race");
        String clientUserId = unique("race");
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            Thread thread = new Thread(() -> statuses.add(as(team).body(Map.of("client_user_id", clientUserId))
                    .post("/v2/user").statusCode()));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
        as(team).get("/v2/user").then().body("total", equalTo(1));
    }

    @Test
    void listsUsersWithOffsetAndLimit() {
        TestTeam team = Teams.create("paging");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Teams.createUser(team, "user-" + i).toString());
        }
        as(team).get("/v2/user").then().statusCode(200)
                .body("total", equalTo(5)).body("offset", equalTo(0)).body("limit", equalTo(100))
                .body("users.user_id", contains(ids.toArray()));
        as(team).queryParam("offset", 1).queryParam("limit", 2).get("/v2/user").then().statusCode(200)
                .body("total", equalTo(5)).body("offset", equalTo(1)).body("limit", equalTo(2))
                .body("users.user_id", contains(ids.get(1), ids.get(2)));
        as(team).queryParam("offset", 5).get("/v2/user").then().statusCode(200).body("users", empty());
        as(team).queryParam("limit", 501).get("/v2/user").then().statusCode(422)
                .body("detail[0].loc", contains("query", "limit"));
        as(team).queryParam("limit", 0).get("/v2/user").then().statusCode(422);
        as(team).queryParam("offset", -1).get("/v2/user").then().statusCode(422)
                .body("detail[0].loc", contains("query", "offset"));
        as(team).queryParam("offset", "ten").get("/v2/user").then().statusCode(422)
                .body("detail[0].type", equalTo("int_parsing"));
    }

    @Test
    void deletesUserAndItsConnections() throws Exception {
        TestTeam team = Teams.create("delete");
        UUID userId = Teams.createUser(team, unique("gone"));
        insertConnection(team.id(), userId, "oura", "oura-ext-1");
        as(team).get("/v2/user/providers/" + userId).then().body("providers", hasSize(1));

        as(team).delete("/v2/user/" + userId).then().statusCode(200).body("success", is(true));
        as(team).get("/v2/user/" + userId).then().statusCode(404).body("detail", equalTo("User not found."));
        as(team).delete("/v2/user/" + userId).then().statusCode(404);
        try (Connection db = RealInfrastructure.postgres().connect();
                PreparedStatement count = db.prepareStatement("select count(*) from connections where user_id = ?")) {
            count.setObject(1, userId);
            var rows = count.executeQuery();
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
    }

    @Test
    void providersAreEmptyUntilConnectedThenShowConnections() throws Exception {
        TestTeam team = Teams.create("providers");
        UUID userId = Teams.createUser(team, unique("p"));
        as(team).get("/v2/user/providers/" + userId).then().statusCode(200).body("providers", empty());

        insertConnection(team.id(), userId, "fitbit", "FB123");
        as(team).get("/v2/user/providers/" + userId).then().statusCode(200)
                .body("providers", hasSize(1))
                .body("providers[0].name", equalTo("Fitbit"))
                .body("providers[0].slug", equalTo("fitbit"))
                .body("providers[0].logo", matchesPattern("https://.*fitbit.*"))
                .body("providers[0].created_on", matchesPattern(TIMESTAMP))
                .body("providers[0].status", equalTo("connected"))
                .body("providers[0].external_user_id", equalTo("FB123"))
                .body("providers[0].error_details", nullValue())
                .body("providers[0].resource_availability", equalTo(Map.of()));
        as(team).get("/v2/user/" + userId).then()
                .body("connected_sources[0].provider.slug", equalTo("fitbit"))
                .body("connected_sources[0].source.name", equalTo("Fitbit"));
    }

    @Test
    void deregisteringRemovesTheConnection() throws Exception {
        TestTeam team = Teams.create("deregister");
        UUID userId = Teams.createUser(team, unique("d"));
        insertConnection(team.id(), userId, "oura", "OURA-1");
        as(team).delete("/v2/user/" + userId + "/oura").then().statusCode(200).body("success", is(true));
        as(team).get("/v2/user/providers/" + userId).then().body("providers", empty());
        as(team).delete("/v2/user/" + userId + "/oura").then().statusCode(404);
        as(team).delete("/v2/user/" + userId + "/myspace").then().statusCode(422)
                .body("detail[0].loc", contains("path", "provider"));
    }

    @Test
    void anotherTeamsUserIsNotFoundEverywhere() throws Exception {
        TestTeam owner = Teams.create("owner");
        TestTeam intruder = Teams.create("intruder");
        String clientUserId = unique("private");
        UUID userId = Teams.createUser(owner, clientUserId);
        insertConnection(owner.id(), userId, "oura", "OURA-PRIVATE");

        as(intruder).get("/v2/user/" + userId).then().statusCode(404).body("detail", equalTo("User not found."));
        as(intruder).get("/v2/user/resolve/" + clientUserId).then().statusCode(404);
        as(intruder).get("/v2/user/providers/" + userId).then().statusCode(404);
        as(intruder).delete("/v2/user/" + userId + "/oura").then().statusCode(404);
        as(intruder).delete("/v2/user/" + userId).then().statusCode(404);
        as(intruder).get("/v2/user").then().body("total", equalTo(0));

        as(owner).get("/v2/user/" + userId).then().statusCode(200);
        as(owner).get("/v2/user/providers/" + userId).then().body("providers", hasSize(1));
    }

    @Test
    void validatesTheCreateBody() {
        TestTeam team = Teams.create("validation");
        as(team).body(Map.of("client_user_id", "x", "fallback_time_zone", "Mars/Olympus")).post("/v2/user")
                .then().statusCode(422)
                .body("detail[0].loc", contains("body", "fallback_time_zone"));
        as(team).body(Map.of("client_user_id", "x", "fallback_birth_date", "01/04/1990")).post("/v2/user")
                .then().statusCode(422)
                .body("detail[0].loc", contains("body", "fallback_birth_date"))
                .body("detail[0].type", equalTo("date_parsing"));
        as(team).body(Map.of("client_user_id", "x".repeat(256))).post("/v2/user").then().statusCode(422)
                .body("detail[0].loc", contains("body", "client_user_id"));
        as(team).body(Map.of("client_user_id", "x", "ingestion_start", "2024-02-01", "ingestion_end", "2024-01-01"))
                .post("/v2/user").then().statusCode(422)
                .body("detail[0].loc", contains("body", "ingestion_end"));
        as(team).get("/v2/user").then().body("total", equalTo(0));
    }

    private static void insertConnection(UUID teamId, UUID userId, String provider, String providerUserId)
            throws Exception {
        try (Connection db = RealInfrastructure.postgres().connect();
                PreparedStatement insert = db.prepareStatement("insert into connections (id, team_id, user_id, "
                        + "provider, provider_user_id, access_token, refresh_token, expires_at, status, created_at, "
                        + "updated_at) values (?, ?, ?, ?, ?, '\\x00', '\\x00', 0, 'connected', now(), now())")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, teamId);
            insert.setObject(3, userId);
            insert.setString(4, provider);
            insert.setString(5, providerUserId);
            insert.executeUpdate();
        }
    }
}
