package io.linkops.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.ServiceProcess;
import io.linkops.testinfra.Teams;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two worker processes dispatch one team's historical pulls: together they stay within the credential's rate. */
class ThrottleAcrossWorkersIT {

    private static final Map<String, String> GARMIN_TWO_PER_HOUR =
            Map.of("LINKOPS_HISTORICAL_PULL_RATES_GARMIN", "2/1h");
    private static final List<ServiceProcess> processes = new ArrayList<>();
    private static ServiceProcess api;

    @BeforeAll
    static void start() throws Exception {
        String kafka = RealInfrastructure.kafka().bootstrapServers();
        processes.add(ServiceProcess.start("throttle-worker-1", "worker", kafka, "/q/health/ready", GARMIN_TWO_PER_HOUR));
        processes.add(ServiceProcess.start("throttle-worker-2", "worker", kafka, "/q/health/ready", GARMIN_TWO_PER_HOUR));
        api = ServiceProcess.start("throttle-api", "api,operator", kafka, "/q/health/ready", GARMIN_TWO_PER_HOUR);
        processes.add(api);
    }

    @AfterAll
    static void stop() {
        processes.forEach(ServiceProcess::close);
    }

    @Test
    void twoWorkersTogetherPublishNoMoreThanTheRate() {
        Teams.TestTeam team = api.createMigratingTeam("throttle", "garmin");
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(UUID.fromString(asTeam(team.apiKey()).body(Map.of("client_user_id", "throttled-" + i))
                    .post("/v2/user").then().statusCode(200).extract().path("user_id")));
        }
        asTeam(team.apiKey()).body(Recipes.body("garmin", users, "g", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success"));
        Map<String, Object> body = new HashMap<>();
        body.put("provider", "garmin");
        body.put("user_ids", users.stream().map(UUID::toString).toList());
        String opId = asTeam(team.apiKey()).body(body).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(202).extract().path("bulk_op_id");

        await().atMost(Duration.ofSeconds(60)).until(() -> published(opId) >= 2);
        // Each worker polls every second; several rounds of both must still leave four users queued.
        await().atMost(Duration.ofSeconds(60)).until(() -> Database.count(
                "select count(*) from historical_pull_queue where op_id = ?::uuid and enqueued_at < now() - "
                        + "interval '5 seconds'", opId) == 4);
        assertEquals(2, published(opId));
        asTeam(team.apiKey()).get("/v2/link/bulk_op/" + opId).then()
                .body("processed", equalTo(2)).body("pending", equalTo(4));
    }

    private static long published(String opId) {
        return KafkaTopics.readAll("linkops.historical-pulls").stream()
                .filter(record -> new String(record.value(), StandardCharsets.UTF_8).contains(opId))
                .count();
    }

    private static RequestSpecification asTeam(String key) {
        return given().baseUri(api.baseUri()).header("x-vital-api-key", key).contentType(ContentType.JSON);
    }
}
