package io.linkops.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact run twice: one process with only the api role, one with only the worker role. The API
 * replica processes no item, yet answers wait_for_completion with the final result.
 */
class SeparateApiAndWorkerIT {

    private static ServiceProcess api;
    private static ServiceProcess worker;

    @BeforeAll
    static void start() throws Exception {
        worker = ServiceProcess.start("worker", "worker");
        api = ServiceProcess.start("api", "api");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void apiReplicaAnswersWaitForCompletionOfWorkDoneByTheWorker() throws Exception {
        String key = api.createMigratingTeam("two instances", "fitbit").apiKey();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add(UUID.fromString(asTeam(key).body(Map.of("client_user_id", "it-" + i)).post("/v2/user")
                    .then().statusCode(200).extract().path("user_id")));
        }

        asTeam(key).body(Recipes.body("fitbit", users, "split", true)).post("/v2/link/bulk_import")
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("user_ids_imported", containsInAnyOrder(users.stream().map(UUID::toString).toArray()));

        assertTrue(api.log().contains("Incoming channel `connection-imports` disabled by configuration"),
                "the api replica must not consume the import topic");
        assertFalse(worker.log().contains("Incoming channel `connection-imports` disabled"));
        assertTrue(worker.log().contains("Incoming channel `bulk-op-completions` disabled by configuration"),
                "the worker replica has no waiters to wake");
    }

    @Test
    void workerReplicaServesNoApi() {
        given().baseUri(worker.baseUri()).header("x-admin-key", ServiceProcess.ADMIN_KEY)
                .get("/admin/v1/teams/" + UUID.randomUUID()).then().statusCode(503);
        given().baseUri(worker.baseUri()).get("/q/health/ready").then().statusCode(200);
    }

    private static RequestSpecification asTeam(String key) {
        return given().baseUri(api.baseUri()).header("x-vital-api-key", key).contentType(ContentType.JSON);
    }
}
