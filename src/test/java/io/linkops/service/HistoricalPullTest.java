package io.linkops.service;

import static io.linkops.testinfra.Teams.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.domain.Provider;
import io.linkops.domain.PullRate;
import io.linkops.domain.QueuedPull;
import io.linkops.messaging.HistoricalPullPublisher;
import io.linkops.messaging.HistoricalPullRequest;
import io.linkops.repository.HistoricalPullRepository;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class HistoricalPullTest {

    private static final String PULLS = "linkops.historical-pulls";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    HistoricalPullRepository pulls;

    @Inject
    ObjectMapper mapper;

    @Inject
    HistoricalPullPublisher publisher;

    @Test
    void publishesConnectedUsersAndFailsMissingAndPausedOnes() {
        TestTeam team = Teams.createMigrating("pull", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        UUID connected = users.get(0);
        UUID paused = users.get(1);
        UUID unconnected = users.get(2);
        as(team).body(Recipes.body("fitbit", users.subList(0, 2), "pull", true)).post("/v2/link/bulk_import")
                .then().statusCode(200);
        as(team).body(Map.of("provider", "fitbit", "user_ids", List.of(paused.toString())))
                .post("/v2/link/bulk_pause").then().statusCode(200);

        String opId = as(team).body(body("fitbit", users, true)).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(200)
                .body("status", equalTo("failure"))
                .body("user_ids_imported", contains(connected.toString()))
                .extract().path("bulk_op_id");
        as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("type", equalTo("link_bulk_historical_trigger"))
                .body("failures.find { it.user_id == '" + paused + "' }.error_type", equalTo("connection_paused"))
                .body("failures.find { it.user_id == '" + unconnected + "' }.error_type",
                        equalTo("connection_not_found"));
        List<JsonNode> published = pullsOf(opId);
        assertEquals(1, published.size());
        assertEquals(connected.toString(), published.get(0).get("user_id").asText());
        assertEquals("fitbit", published.get(0).get("provider").asText());
        assertEquals(team.id().toString(), published.get(0).get("team_id").asText());
    }

    @Test
    void pullsWaitForTheirCredentialsRate() {
        TestTeam team = Teams.createMigrating("throttled", "garmin");
        List<UUID> users = Teams.createUsers(team, 3);
        as(team).body(Recipes.body("garmin", users, "g", true)).post("/v2/link/bulk_import").then().statusCode(200);

        String opId = as(team).body(body("garmin", users, false)).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(202).extract().path("bulk_op_id");

        // The test profile allows garmin 2 per hour per credential: two go out, the third waits in the queue.
        await().atMost(DEADLINE).until(() -> pullsOf(opId).size() == 2);
        await().atMost(DEADLINE).untilAsserted(() -> as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("processed", equalTo(2)).body("pending", equalTo(1)).body("status", equalTo("in_progress")));
        assertEquals(1, Database.count("select count(*) from historical_pull_queue where op_id = ?::uuid", opId));
    }

    @Test
    void aPullWhosePublishFailedGoesOutInALaterRoundUnderTheSameRequestId() {
        TestTeam team = Teams.createMigrating("pull-retry", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        as(team).body(Recipes.body("fitbit", users, "retry", true)).post("/v2/link/bulk_import").then().statusCode(200);
        UUID lost = users.get(0);
        UUID unacknowledged = users.get(1);
        FirstPublicationFails flaky = new FirstPublicationFails(ClientProxy.unwrap(publisher), lost, unacknowledged);
        QuarkusMock.installMockForType(flaky, HistoricalPullPublisher.class);

        String opId = as(team).body(body("fitbit", users, false)).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(202).extract().path("bulk_op_id");

        await().atMost(DEADLINE).untilAsserted(() -> as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("status", equalTo("success")).body("processed", equalTo(3)));
        assertEquals(Set.of(lost, unacknowledged), flaky.failed);
        Map<UUID, List<UUID>> requestIds = new HashMap<>();
        pullsOf(opId).forEach(pull -> requestIds.computeIfAbsent(UUID.fromString(pull.get("user_id").asText()),
                user -> new ArrayList<>()).add(UUID.fromString(pull.get("request_id").asText())));
        UUID op = UUID.fromString(opId);
        // The lost send went out once, later; the one whose acknowledgement was lost is on the topic twice, both
        // times under the request id its (op, index) gives, so the data-pull system can drop the second.
        assertEquals(List.of(HistoricalPullRequest.requestIdOf(op, 0)), requestIds.get(lost));
        assertEquals(List.of(HistoricalPullRequest.requestIdOf(op, 1), HistoricalPullRequest.requestIdOf(op, 1)),
                requestIds.get(unacknowledged));
        assertEquals(List.of(HistoricalPullRequest.requestIdOf(op, 2)), requestIds.get(users.get(2)));
        assertEquals(0, Database.count("select count(*) from historical_pull_queue where op_id = ?::uuid", opId));
        assertEquals(3, Database.count("select count(*) from bulk_op_items where op_id = ?::uuid and succeeded",
                opId));
    }

    @Test
    void aPullClaimedByADispatcherThatDiedGoesOutWhenItsClaimExpires() {
        TestTeam team = Teams.createMigrating("pull-lease", "garmin");
        List<UUID> users = Teams.createUsers(team, 3);
        as(team).body(Recipes.body("garmin", users, "lease", true)).post("/v2/link/bulk_import").then().statusCode(200);
        String opId = as(team).body(body("garmin", users, false)).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(202).extract().path("bulk_op_id");
        await().atMost(DEADLINE).until(() -> pullsOf(opId).size() == 2);
        await().atMost(DEADLINE).until(() -> Database.count(
                "select count(*) from historical_pull_queue where op_id = ?::uuid", opId) == 1);
        int waiting = ((Number) Database.rows("select item_index from historical_pull_queue where op_id = ?::uuid",
                opId).get(0).get(0)).intValue();

        // A dispatcher claimed the waiting pull, published it and died before recording it; the rate allows it now.
        Database.execute("update historical_pull_queue set claim_id = gen_random_uuid(), "
                + "claimed_until = now() + interval '1 hour' where op_id = ?::uuid", opId);
        Database.execute("update pull_throttle set window_start = now() - interval '2 hours' where credential_id = "
                + "(select credential_id from historical_pull_queue where op_id = ?::uuid)", opId);
        await().during(Duration.ofSeconds(3)).atMost(DEADLINE).until(() -> pullsOf(opId).size() == 2);
        Database.execute("update historical_pull_queue set claimed_until = now() where op_id = ?::uuid", opId);

        await().atMost(DEADLINE).until(() -> pullsOf(opId).size() == 3);
        assertEquals(1, pullsOf(opId).stream().filter(pull -> pull.get("request_id").asText()
                .equals(HistoricalPullRequest.requestIdOf(UUID.fromString(opId), waiting).toString())).count());
        await().atMost(DEADLINE).untilAsserted(() -> as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("status", equalTo("success")).body("processed", equalTo(3)));
    }

    @Test
    void theRateHoldsAcrossConcurrentTakersAsAcrossReplicas() {
        UUID credential = UUID.randomUUID();
        PullRate rate = new PullRate(5, Duration.ofHours(1));
        List<Uni<Boolean>> takers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            takers.add(pulls.takePermit(credential, Provider.OURA, rate));
        }
        List<Boolean> granted = Uni.join().all(takers).andCollectFailures().await().atMost(DEADLINE);
        assertEquals(5, granted.stream().filter(Boolean::booleanValue).count(), granted.toString());
        assertEquals(true, pulls.takePermit(credential, Provider.STRAVA, rate).await().atMost(DEADLINE),
                "each provider has its own window");
    }

    @Test
    void refusesDisabledTeamsMissingCredentialsAndBadLists() {
        TestTeam disabled = Teams.create("pull-disabled");
        as(disabled).body(body("fitbit", List.of(UUID.randomUUID()), false))
                .post("/v2/link/bulk_trigger_historical_pull").then().statusCode(403);
        TestTeam team = Teams.createMigrating("pull-bad", "fitbit");
        as(team).body(body("oura", List.of(UUID.randomUUID()), false)).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(400).body("detail", containsString("custom OAuth credential"));
        UUID user = UUID.randomUUID();
        as(team).body(body("fitbit", List.of(user, user), false)).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(422).body("detail[0].loc", contains("body", "user_ids", 1));
        as(team).body(body("fitbit", List.of(), false)).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(422).body("detail[0].loc", contains("body", "user_ids"));
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
    }

    /**
     * The real publisher, except that one user's first publication fails before it reaches the broker and another's
     * fails after the broker has it, as when an acknowledgement is lost.
     */
    static final class FirstPublicationFails extends HistoricalPullPublisher {

        private final HistoricalPullPublisher real;
        private final UUID lost;
        private final UUID unacknowledged;
        final Set<UUID> failed = ConcurrentHashMap.newKeySet();

        FirstPublicationFails(HistoricalPullPublisher real, UUID lost, UUID unacknowledged) {
            super(null, null); // every publication goes through the real publisher
            this.real = real;
            this.lost = lost;
            this.unacknowledged = unacknowledged;
        }

        @Override
        public Uni<Void> publish(QueuedPull pull) {
            if (pull.userId().equals(lost) && failed.add(lost)) {
                return Uni.createFrom().failure(new IllegalStateException("send lost"));
            }
            if (pull.userId().equals(unacknowledged) && failed.add(unacknowledged)) {
                return real.publish(pull)
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("acknowledgement lost")));
            }
            return real.publish(pull);
        }
    }

    private static Map<String, Object> body(String provider, List<UUID> users, boolean wait) {
        Map<String, Object> body = new HashMap<>();
        body.put("provider", provider);
        body.put("user_ids", users.stream().map(UUID::toString).toList());
        body.put("wait_for_completion", wait);
        return body;
    }

    private List<JsonNode> pullsOf(String opId) {
        List<JsonNode> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : KafkaTopics.readAll(PULLS)) {
            try {
                JsonNode request = mapper.readTree(record.value());
                if (opId.equals(request.get("bulk_op_id").asText())) {
                    found.add(request);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }
}
