package io.linkops.service;

import static io.linkops.testinfra.Teams.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.linkops.testinfra.WebhookReceiver;
import io.linkops.testinfra.WebhookReceiver.Answer;
import io.linkops.testinfra.WebhookReceiver.Received;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end on the real stack: registered through the API, events fanned out from the events topic by the
 * worker, sent over real HTTP to a local endpoint, signatures checked with the Standard Webhooks reference library.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class WebhookDeliveryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> ALL = List.of("provider.connection.created", "provider.connection.error",
            "bulk_op.completed");
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void anImportsEventsArriveSignedInJunctionsEnvelope() throws Exception {
        TestTeam team = Teams.createMigrating("webhooks", "fitbit");
        Response registered = register(team, "/signed", ALL);
        registered.then().statusCode(201).body("secret", startsWith("whsec_")).body("event_types", equalTo(ALL))
                .body("disabled", equalTo(false));
        String secret = registered.path("secret");
        String endpointId = registered.path("id");
        as(team).get("/v2/webhooks/endpoints").then().statusCode(200).body("data[0].id", equalTo(endpointId))
                .body("data[0].secret", nullValue());

        List<UUID> users = Teams.createUsers(team, 2);
        String opId = as(team).body(Recipes.body("fitbit", users, "hooks", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).extract().path("bulk_op_id");

        await().atMost(DEADLINE).until(() -> receiver.received("/signed").size() >= 3);
        List<Received> got = receiver.received("/signed");
        assertEquals(3, got.size(), "two connections and the op, each once");
        Webhook verifier = new Webhook(secret);
        for (Received request : got) {
            verifier.verify(request.body(), request.headers());
            assertEquals(request.header("webhook-id"), request.header("svix-id"));
            assertEquals(request.header("webhook-timestamp"), request.header("svix-timestamp"));
            assertEquals(request.header("webhook-signature"), request.header("svix-signature"));
            JsonPath body = JsonPath.from(request.body());
            assertEquals(team.id().toString(), body.getString("team_id"));
            assertEquals(request.header("webhook-id"), body.getString("event_id"));
        }
        List<JsonPath> created = got.stream().map(request -> JsonPath.from(request.body()))
                .filter(body -> body.getString("event_type").equals("provider.connection.created")).toList();
        assertEquals(2, created.size());
        for (JsonPath event : created) {
            assertTrue(users.contains(UUID.fromString(event.getString("user_id"))));
            assertEquals(event.getString("user_id"), event.getString("data.user_id"));
            assertEquals("fitbit", event.getString("data.provider.slug"));
            assertNotNull(event.getString("client_user_id"));
        }
        JsonPath completed = got.stream().map(request -> JsonPath.from(request.body()))
                .filter(body -> body.getString("event_type").equals("bulk_op.completed")).findFirst().orElseThrow();
        assertEquals(Map.of("bulk_op_id", opId, "type", "link_bulk_import", "provider", "fitbit", "status", "success",
                "processed", 2, "failed", 0), completed.getMap("data"));
        await().atMost(DEADLINE).until(() -> attempts(team, endpointId).size() == 3);
        assertEquals(List.of(200, 200, 200), attempts(team, endpointId).stream()
                .map(attempt -> attempt.get("status_code")).toList());
    }

    @Test
    void aFailingEndpointIsRetriedOnTheScheduleWithTheSameMessageIdUntilItAnswers() {
        TestTeam team = Teams.createMigrating("webhook retries", "oura");
        receiver.script("/flaky", Answer.status(500), Answer.status(503));
        String endpointId = register(team, "/flaky", List.of("bulk_op.completed")).then().statusCode(201)
                .extract().path("id");

        as(team).body(Recipes.body("oura", Teams.createUsers(team, 1), "retry", true)).post("/v2/link/bulk_import")
                .then().statusCode(200);

        await().atMost(DEADLINE).until(() -> attempts(team, endpointId).size() == 3);
        List<Received> got = receiver.received("/flaky");
        assertEquals(3, got.size());
        assertEquals(1, got.stream().map(request -> request.header("webhook-id")).distinct().count());
        List<Map<String, Object>> attempts = attempts(team, endpointId);
        assertEquals(List.of(200, 503, 500), attempts.stream().map(attempt -> attempt.get("status_code")).toList(),
                "newest first");
        assertNull(attempts.get(0).get("next_attempt_at"));
        assertNotNull(attempts.get(1).get("next_attempt_at"));
        assertEquals(List.of(3, 2, 1), attempts.stream().map(attempt -> attempt.get("attempt")).toList());
    }

    @Test
    void retryAfterIsHonoured() {
        TestTeam team = Teams.createMigrating("webhook retry-after", "oura");
        receiver.script("/later", new Answer(429, "3", Duration.ZERO));
        String endpointId = register(team, "/later", List.of("bulk_op.completed")).then().statusCode(201)
                .extract().path("id");
        as(team).body(Recipes.body("oura", Teams.createUsers(team, 1), "later", true)).post("/v2/link/bulk_import")
                .then().statusCode(200);

        await().atMost(DEADLINE).until(() -> receiver.received("/later").size() == 2);
        List<Received> got = receiver.received("/later");
        assertTrue(!got.get(1).at().isBefore(got.get(0).at().plusSeconds(3)),
                "the retry came after the 3 s the endpoint asked for, not the schedule's 1 s: " + got.get(0).at()
                        + " then " + got.get(1).at());
        Map<String, Object> first = attempts(team, endpointId).get(1);
        assertTrue(!Instant.parse((String) first.get("next_attempt_at"))
                .isBefore(Instant.parse((String) first.get("attempted_at")).plusSeconds(3)));
    }

    @Test
    void anEndpointAnswering410IsDisabledAndGetsNothingMore() {
        TestTeam team = Teams.createMigrating("webhook gone", "oura");
        receiver.script("/gone", Answer.status(410));
        String gone = register(team, "/gone", List.of("bulk_op.completed")).then().statusCode(201).extract()
                .path("id");
        register(team, "/witness", List.of("bulk_op.completed")).then().statusCode(201);
        as(team).body(Recipes.body("oura", Teams.createUsers(team, 1), "gone-1", true)).post("/v2/link/bulk_import")
                .then().statusCode(200);
        await().atMost(DEADLINE).until(() -> Boolean.TRUE.equals(as(team).get("/v2/webhooks/endpoints/" + gone)
                .path("disabled")));
        Teams.asOperator().get("/admin/v1/teams/" + team.id() + "/webhooks").then().statusCode(200)
                .body("find { it.id == '" + gone + "' }.disabled_reason", equalTo("gone"));

        as(team).body(Recipes.body("oura", Teams.createUsers(team, 1), "gone-2", true)).post("/v2/link/bulk_import")
                .then().statusCode(200);
        await().atMost(DEADLINE).until(() -> receiver.received("/witness").size() == 2);
        assertEquals(1, receiver.received("/gone").size(), "a disabled endpoint is sent nothing");
        assertEquals(1, Database.count("select count(*) from webhook_deliveries where endpoint_id = ?::uuid", gone));
    }

    @Test
    void anEndpointFailingForFiveDaysIsDisabledAtItsNextFailure() {
        TestTeam team = Teams.createMigrating("webhook failing", "oura");
        receiver.script("/failing", Answer.status(500));
        String failing = register(team, "/failing", List.of("bulk_op.completed")).then().statusCode(201).extract()
                .path("id");
        Database.execute("update webhook_endpoints set failing_since = now() - interval '5 days 1 minute' "
                + "where id = ?::uuid", failing);

        as(team).body(Recipes.body("oura", Teams.createUsers(team, 1), "failing", true)).post("/v2/link/bulk_import")
                .then().statusCode(200);

        await().atMost(DEADLINE).until(() -> Boolean.TRUE.equals(as(team).get("/v2/webhooks/endpoints/" + failing)
                .path("disabled")));
        as(team).get("/v2/webhooks/endpoints/" + failing).then().body("disabled_reason", equalTo("failing"));
        assertEquals(1, receiver.received("/failing").size());
    }

    @Test
    void aHangingEndpointHoldsNoOtherEndpointBack() {
        TestTeam team = Teams.createMigrating("webhook slow", "oura");
        receiver.script("/hanging", new Answer(200, null, Duration.ofSeconds(20)),
                new Answer(200, null, Duration.ofSeconds(20)), new Answer(200, null, Duration.ofSeconds(20)));
        register(team, "/hanging", List.of("provider.connection.created"));
        as(team).body(Recipes.body("oura", Teams.createUsers(team, 3), "hang", false)).post("/v2/link/bulk_import")
                .then().statusCode(202);
        await().atMost(DEADLINE).until(() -> receiver.received("/hanging").size() >= 3);

        TestTeam other = Teams.createMigrating("webhook prompt", "oura");
        register(other, "/prompt", List.of("provider.connection.created"));
        as(other).body(Recipes.body("oura", Teams.createUsers(other, 2), "prompt", false))
                .post("/v2/link/bulk_import").then().statusCode(202);
        await().atMost(DEADLINE).until(() -> receiver.received("/prompt").size() >= 2);
        for (Received request : receiver.received("/prompt")) {
            assertTrue(request.openElsewhere().getOrDefault("/hanging", 0) > 0,
                    "delivered while the hanging endpoint still held its requests: " + request.openElsewhere());
        }
    }

    @Test
    void aDeliveryLeftClaimedByADeadWorkerIsSentOnceItsClaimExpires() {
        TestTeam team = Teams.createMigrating("webhook orphan", "oura");
        String endpointId = register(team, "/orphan", List.of("bulk_op.completed")).then().statusCode(201)
                .extract().path("id");
        UUID eventId = UUID.randomUUID();
        Database.execute("insert into webhook_deliveries (id, endpoint_id, team_id, event_id, event_type, payload, "
                + "attempts, next_attempt_at, claim_id, claimed_until, created_at) values (gen_random_uuid(), "
                + "?::uuid, ?, ?, 'bulk_op.completed', '{\"event_type\":\"bulk_op.completed\"}', 1, "
                + "now() - interval '10 seconds', gen_random_uuid(), now() - interval '1 second', now())",
                endpointId, team.id(), eventId);

        await().atMost(DEADLINE).until(() -> receiver.received("/orphan").size() == 1);
        assertEquals(eventId.toString(), receiver.received("/orphan").get(0).header("webhook-id"));
        await().atMost(DEADLINE).until(() -> attempts(team, endpointId).size() == 1);
        assertEquals(2, attempts(team, endpointId).get(0).get("attempt"), "the dead worker's attempt counted");
    }

    @Test
    void endpointsAreTheTeamsOwnAndValidated() {
        TestTeam team = Teams.createMigrating("webhook owner", "oura");
        TestTeam other = Teams.createMigrating("webhook other", "oura");
        String endpointId = register(team, "/owned", List.of("bulk_op.completed")).then().statusCode(201)
                .extract().path("id");

        as(other).get("/v2/webhooks/endpoints/" + endpointId).then().statusCode(404);
        as(other).get("/v2/webhooks/endpoints/" + endpointId + "/attempts").then().statusCode(404);
        as(other).delete("/v2/webhooks/endpoints/" + endpointId).then().statusCode(404);
        as(other).get("/v2/webhooks/endpoints").then().statusCode(200).body("data.size()", equalTo(0));
        as(team).body(Map.of("url", receiver.url("/x"), "event_types", List.of("user.created")))
                .post("/v2/webhooks/endpoints").then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("body", "event_types", 0)));
        as(team).body(Map.of("event_types", ALL)).post("/v2/webhooks/endpoints").then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("body", "url")));
        as(team).body(Map.of("url", "ftp://127.0.0.1/x", "event_types", ALL)).post("/v2/webhooks/endpoints")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("body", "url")));

        Teams.asOperator().body(Map.of("disabled", true))
                .patch("/admin/v1/teams/" + team.id() + "/webhooks/" + endpointId).then().statusCode(200)
                .body("disabled", equalTo(true)).body("disabled_reason", equalTo("operator"));
        Teams.asOperator().body(Map.of("disabled", false))
                .patch("/admin/v1/teams/" + team.id() + "/webhooks/" + endpointId).then().statusCode(200)
                .body("disabled", equalTo(false));
        Teams.asOperator().body(Map.of("disabled", true))
                .patch("/admin/v1/teams/" + other.id() + "/webhooks/" + endpointId).then().statusCode(404);

        as(team).delete("/v2/webhooks/endpoints/" + endpointId).then().statusCode(200).body("success", equalTo(true));
        as(team).get("/v2/webhooks/endpoints/" + endpointId).then().statusCode(404);
    }

    private static Response register(TestTeam team, String path, List<String> eventTypes) {
        return as(team).body(Map.of("url", receiver.url(path), "event_types", eventTypes))
                .post("/v2/webhooks/endpoints");
    }

    private static List<Map<String, Object>> attempts(TestTeam team, String endpointId) {
        return as(team).get("/v2/webhooks/endpoints/" + endpointId + "/attempts").then().statusCode(200)
                .extract().jsonPath().getList("data");
    }
}
