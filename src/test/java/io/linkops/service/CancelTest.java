package io.linkops.service;

import static io.linkops.testinfra.Teams.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.Ops;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** {@code POST /v2/link/bulk_op/{id}/cancel} against the API, the real broker and both import consumers. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class CancelTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int SIZE = 10_000;
    private static final int MAX_TRIES = 5;

    @Test
    void anOpCancelledWhileItsWorkersRunEndsWithExactCountsAndNoConnectionOfACancelledItem() {
        TestTeam team;
        String opId;
        Response cancelled;
        int tries = 0;
        do {
            // On a fast run the workers may finish the op between the first progress seen and the cancel (409):
            // that proves nothing either way, so the race is run again on a new op.
            team = Teams.createMigrating("cancel race", "fitbit");
            List<UUID> users = Teams.insertUsers(team.id(), SIZE);
            String started = as(team).body(Recipes.body("fitbit", users, "cancel", false))
                    .post("/v2/link/bulk_import").then().statusCode(202).extract().path("bulk_op_id");
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(5))
                    .until(() -> Database.count("select processed from bulk_ops where id = ?::uuid", started) > 0);
            opId = started;
            cancelled = as(team).post("/v2/link/bulk_op/" + opId + "/cancel");
        } while (cancelled.statusCode() == 409 && ++tries < MAX_TRIES);

        cancelled.then().statusCode(200)
                .body("id", equalTo(opId)).body("status", equalTo("aborted")).body("pending", equalTo(0))
                .body("processed", equalTo(SIZE));

        assertSettled(team, opId);
        // Records still in flight when the op was cancelled are consumed later: they must change nothing.
        Map<TopicPartition, Long> lastOffsets = new HashMap<>();
        Database.rows("select key, value::bigint from bulk_ops, jsonb_each_text(record_offsets) where id = ?::uuid",
                opId).forEach(row -> lastOffsets.put(new TopicPartition(KafkaTopics.IMPORTS,
                        Integer.parseInt((String) row.get(0))), (Long) row.get(1)));
        assertTrue(lastOffsets.size() > 1, "the op was dealt to several partitions: " + lastOffsets);
        await().atMost(DEADLINE).until(() -> KafkaTopics.committedPast(KafkaTopics.IMPORT_GROUP, lastOffsets));
        assertSettled(team, opId);
    }

    private static void assertSettled(TestTeam team, String opId) {
        List<Object> op = Database.rows("select status, processed, failed from bulk_ops where id = ?::uuid", opId)
                .get(0);
        long cancelled = Database.count("select count(*) from bulk_op_items where op_id = ?::uuid "
                + "and error_type = 'cancelled'", opId);
        long applied = Ops.recordedSuccesses(opId);
        assertEquals("aborted", op.get(0));
        assertEquals(SIZE, ((Number) op.get(1)).intValue(), "every item has an outcome");
        assertEquals(cancelled, ((Number) op.get(2)).longValue(), "the only failures are the cancelled items");
        assertEquals(SIZE, applied + cancelled);
        assertTrue(cancelled > 0 && applied > 0, "cancelled mid-way: " + applied + " applied, " + cancelled
                + " cancelled");
        assertEquals(applied, Database.count("select count(*) from connections where team_id = ?", team.id()),
                "a connection exists for each applied item and for no other");
        assertEquals(0, Database.count("select count(*) from bulk_op_items i join bulk_op_users b "
                + "on b.op_id = i.op_id join connections c on c.user_id = b.user_ids[i.item_index + 1] "
                + "where i.op_id = ?::uuid and i.error_type = 'cancelled'", opId), "a cancelled item was applied");
    }

    @Test
    void aRequestWaitingForTheOpIsAnsweredWhenItIsCancelled() throws Exception {
        CompletableFuture<Response> waiting;
        String opId;
        Response cancelled;
        int tries = 0;
        do {
            // As above: an op that finishes before the cancel (409) is run again.
            TestTeam team = Teams.createMigrating("cancel waiter", "fitbit");
            List<UUID> users = Teams.insertUsers(team.id(), SIZE);
            waiting = CompletableFuture.supplyAsync(() -> as(team)
                    .body(Recipes.body("fitbit", users, "waiting", true)).post("/v2/link/bulk_import"));
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(5)).until(() -> Database.count(
                    "select coalesce(max(processed), 0) from bulk_ops where team_id = ?", team.id()) > 0);
            opId = (String) Database.rows("select id::text from bulk_ops where team_id = ?", team.id()).get(0)
                    .get(0);
            cancelled = as(team).post("/v2/link/bulk_op/" + opId + "/cancel");
        } while (cancelled.statusCode() == 409 && ++tries < MAX_TRIES);
        cancelled.then().statusCode(200);

        Response answer = waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        answer.then().statusCode(200).body("bulk_op_id", equalTo(opId)).body("status", equalTo("aborted"));
        int imported = answer.path("user_ids_imported.size()");
        int failed = answer.path("user_ids_failed.size()");
        assertEquals(SIZE, imported + failed, "every item is accounted for in the answer");
    }

    @Test
    void aHistoricalPullCancelledWhileItsPullsWaitForTheThrottleSendsNoneOfThem() {
        TestTeam team = Teams.createMigrating("cancel pulls", "garmin");
        List<UUID> users = Teams.createUsers(team, 5);
        as(team).body(Recipes.body("garmin", users, "pulls", true)).post("/v2/link/bulk_import").then()
                .statusCode(200);
        // Garmin's test rate is 2 an hour: three of the five pulls wait in the queue.
        String opId = as(team).body(Map.of("provider", "garmin", "user_ids", users))
                .post("/v2/link/bulk_trigger_historical_pull").then().statusCode(202).extract().path("bulk_op_id");
        await().atMost(DEADLINE).until(() -> Database.count("select processed from bulk_ops where id = ?::uuid",
                opId) == 2 && Database.count("select count(*) from historical_pull_queue where op_id = ?::uuid",
                opId) == 3);

        as(team).post("/v2/link/bulk_op/" + opId + "/cancel").then().statusCode(200)
                .body("status", equalTo("aborted")).body("processed", equalTo(5));
        assertEquals(0, Database.count("select count(*) from historical_pull_queue where op_id = ?::uuid", opId));
        assertEquals(3, Database.count("select count(*) from bulk_op_items where op_id = ?::uuid "
                + "and error_type = 'cancelled'", opId));
        assertEquals(List.of(5, 3), Database.rows("select processed, failed from bulk_ops where id = ?::uuid", opId)
                .get(0).stream().map(value -> ((Number) value).intValue()).toList());
    }

    @Test
    void cancellingAnEndedOpAnswers409WithItsStatusAndChangesNothing() {
        TestTeam team = Teams.createMigrating("cancel ended", "oura");
        List<UUID> users = Teams.createUsers(team, 3);
        String opId = as(team).body(Recipes.body("oura", users, "ended", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success")).extract().path("bulk_op_id");

        as(team).post("/v2/link/bulk_op/" + opId + "/cancel").then().statusCode(409)
                .body("status", equalTo("success")).body("detail", containsString("already ended"));
        as(team).get("/v2/link/bulk_op/" + opId).then().body("status", equalTo("success"))
                .body("imported.size()", equalTo(3));
    }

    @Test
    void aCancelledOpCannotBeCancelledAgain() {
        TestTeam team = Teams.createMigrating("cancel twice", "oura");
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_import", Teams.createUsers(team, 4), "1 second");

        as(team).post("/v2/link/bulk_op/" + opId + "/cancel").then().statusCode(200)
                .body("status", equalTo("aborted")).body("processed", equalTo(4));
        as(team).post("/v2/link/bulk_op/" + opId + "/cancel").then().statusCode(409)
                .body("status", equalTo("aborted"));
        as(team).get("/v2/link/bulk_op/" + opId).then().body("failures.size()", equalTo(4))
                .body("failures[0].error_type", equalTo("cancelled"));
        assertEquals(4, Database.count("select failed from bulk_ops where id = ?", opId));
    }

    @Test
    void anotherTeamsOpOrNoOpIsNotFoundAndBadIdsAre422() {
        TestTeam owner = Teams.createMigrating("cancel owner", "oura");
        TestTeam other = Teams.createMigrating("cancel other", "oura");
        UUID opId = Ops.insertConfirmed(owner.id(), "link_bulk_import", Teams.createUsers(owner, 2), "1 second");

        as(other).post("/v2/link/bulk_op/" + opId + "/cancel").then().statusCode(404);
        as(other).post("/v2/link/bulk_op/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        as(other).post("/v2/link/bulk_op/not-an-id/cancel").then().statusCode(422);
        RestAssured.given().post("/v2/link/bulk_op/" + opId + "/cancel").then().statusCode(401);
        assertEquals("in_progress", Ops.statusOf(opId));
        assertEquals(0, Database.count("select processed from bulk_ops where id = ?", opId));
    }
}
