package io.linkops.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.ServiceProcess;
import io.linkops.testinfra.Teams;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the broker down, a bulk import answers 503, leaves only an aborted op that no worker will see, and is counted.
 */
class EnqueueWithoutBrokerIT {

    private static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceProcess.start("no-broker", "api,operator", ServiceProcess.unreachableBroker(),
                "/q/health/live");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void bulkImportAnswers503AndAbortsTheOp() {
        Teams.TestTeam team = service.createMigratingTeam("no broker", "oura");
        String teamId = team.id().toString();
        String key = team.apiKey();
        UUID user = UUID.fromString(given().baseUri(service.baseUri()).header("x-vital-api-key", key)
                .contentType(ContentType.JSON).body(Map.of("client_user_id", "stranded")).post("/v2/user")
                .then().statusCode(200).extract().path("user_id"));

        given().baseUri(service.baseUri()).header("x-vital-api-key", key).contentType(ContentType.JSON)
                .header("Idempotency-Key", "retry-me")
                .body(Recipes.body("oura", List.of(user), "down", true)).post("/v2/link/bulk_import")
                .then().statusCode(503).body("detail", containsString("retry"));
        assertEquals(0, Database.count("select count(*) from idempotency_keys where team_id = ?::uuid", teamId),
                "a request that enqueued nothing frees its key, so its retry starts afresh");

        given().baseUri(service.baseUri()).header("x-vital-api-key", key).get("/v2/link/bulk_op")
                .then().statusCode(200).body("data[0].status", equalTo("aborted"));
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?::uuid and status <> 'aborted'",
                teamId));
        assertEquals(0, Database.count("select count(*) from connections where team_id = ?::uuid", teamId));
        given().baseUri(service.managementUri()).get("/q/health/ready").then().statusCode(503);
        given().baseUri(service.managementUri()).get("/q/metrics").then().statusCode(200)
                .body(containsString("linkops_bulk_ops_enqueue_failed_total{type=\"link_bulk_import\"} 1.0"));
    }
}
