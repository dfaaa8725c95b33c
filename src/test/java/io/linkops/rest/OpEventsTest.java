package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Ops;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.SseClient;
import io.linkops.testinfra.SseClient.Event;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /v2/link/bulk_op/{id}/events} over real HTTP, on the real stack. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class OpEventsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TestHTTPResource("/v2/link/bulk_op/")
    URL ops;

    @Test
    void anOpThatDoesNotMoveGetsItsStateThenHeartbeatsAndACancelEndsTheStream() throws Exception {
        TestTeam team = Teams.createMigrating("events idle", "oura");
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_import", Teams.createUsers(team, 3), "1 second");
        try (SseClient stream = SseClient.open(ops + opId.toString() + "/events", team.apiKey(), "0")) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            Event first = stream.next(DEADLINE);
            assertEquals("progress", first.name());
            JsonPath state = JsonPath.from(first.data());
            assertEquals("in_progress", state.getString("status"));
            assertEquals(0, state.getInt("processed"));
            assertEquals(3, state.getInt("pending"));
            assertEquals("heartbeat", stream.next(DEADLINE).comment());

            as(team).post("/v2/link/bulk_op/" + opId + "/cancel").then().statusCode(200);

            List<Event> rest = stream.untilEnd(DEADLINE);
            Event last = rest.get(rest.size() - 1);
            assertEquals("completed", last.name(), rest.toString());
            JsonPath completed = JsonPath.from(last.data());
            assertEquals("aborted", completed.getString("status"));
            assertEquals(3, completed.getInt("processed"));
            assertEquals(3, completed.getInt("failed"));
            assertEquals(3, completed.getInt("failed_by_reason.cancelled"));
        }
    }

    @Test
    void followsAnImportToItsEndThroughProgressEvents() throws Exception {
        TestTeam team = Teams.createMigrating("events import", "fitbit");
        List<UUID> users = Teams.insertUsers(team.id(), 10000);
        String opId = as(team).body(Recipes.body("fitbit", users, "events", false)).post("/v2/link/bulk_import")
                .then().statusCode(202).extract().path("bulk_op_id");

        try (SseClient stream = SseClient.open(ops + opId + "/events", team.apiKey(), null)) {
            List<Event> events = stream.untilEnd(Duration.ofSeconds(120));
            List<Event> progress = events.stream().filter(event -> "progress".equals(event.name())).toList();
            Event last = events.get(events.size() - 1);
            assertEquals("completed", last.name());
            assertEquals("success", JsonPath.from(last.data()).getString("status"));
            assertEquals(10_000, JsonPath.from(last.data()).getInt("processed"));
            assertEquals(0, JsonPath.from(last.data()).getInt("failed"));
            int previous = -1;
            for (Event event : progress) {
                int processed = JsonPath.from(event.data()).getInt("processed");
                assertTrue(processed > previous, "progress only moves forward: " + events);
                assertEquals(String.valueOf(processed), event.id());
                previous = processed;
            }
        }
    }

    @Test
    void anEndedOpAnswersItsCompletionAndCloses() throws Exception {
        TestTeam team = Teams.createMigrating("events ended", "oura");
        String opId = as(team).body(Recipes.body("oura", List.of(UUID.randomUUID()), "gone", true))
                .post("/v2/link/bulk_import").then().statusCode(200).body("status", equalTo("failure"))
                .extract().path("bulk_op_id");
        try (SseClient stream = SseClient.open(ops + opId + "/events", team.apiKey(), null)) {
            List<Event> events = stream.untilEnd(DEADLINE);
            assertEquals(1, events.size(), events.toString());
            assertEquals("completed", events.get(0).name());
            assertEquals(1, JsonPath.from(events.get(0).data()).getInt("failed_by_reason.user_not_found"));
        }
    }

    @Test
    void anotherTeamsOpIsNotFound() throws Exception {
        TestTeam owner = Teams.createMigrating("events owner", "oura");
        TestTeam other = Teams.createMigrating("events other", "oura");
        UUID opId = Ops.insertConfirmed(owner.id(), "link_bulk_import", Teams.createUsers(owner, 1), "1 second");
        try (SseClient stream = SseClient.open(ops + opId.toString() + "/events", other.apiKey(), null)) {
            assertEquals(404, stream.status());
        }
        try (SseClient stream = SseClient.open(ops + opId.toString() + "/events", "not-a-key", null)) {
            assertEquals(401, stream.status());
        }
    }
}
