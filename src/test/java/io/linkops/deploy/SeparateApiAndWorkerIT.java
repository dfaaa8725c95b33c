package io.linkops.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.SseClient;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact run three times: two processes with only the api role, one with only the worker role. An API
 * replica processes no item, yet answers wait_for_completion with the final result; an Idempotency-Key holds across
 * the API replicas.
 */
class SeparateApiAndWorkerIT {

    private static ServiceProcess api;
    private static ServiceProcess secondApi;
    private static ServiceProcess worker;

    @BeforeAll
    static void start() throws Exception {
        worker = ServiceProcess.start("worker", "worker");
        api = ServiceProcess.start("api", "api,operator");
        secondApi = ServiceProcess.start("api-2", "api");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (secondApi != null) {
            secondApi.close();
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
    void oneIdempotencyKeyStartsOneOpAcrossApiReplicas() throws Exception {
        String key = api.createMigratingTeam("idempotent replicas", "fitbit").apiKey();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            users.add(UUID.fromString(asTeam(key).body(Map.of("client_user_id", "idem-" + i)).post("/v2/user")
                    .then().statusCode(200).extract().path("user_id")));
        }
        Map<String, Object> body = Recipes.body("fitbit", users, "idem", false);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                ServiceProcess replica = i % 2 == 0 ? api : secondApi;
                answers.add(clients.submit(() -> given().baseUri(replica.baseUri()).header("x-vital-api-key", key)
                        .header("Idempotency-Key", "one-op").contentType(ContentType.JSON).body(body)
                        .post("/v2/link/bulk_import")));
            }
            Set<String> ops = new HashSet<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                assertTrue(response.statusCode() == 202 || response.statusCode() == 409, response.asString());
                if (response.statusCode() == 202) {
                    ops.add(response.path("bulk_op_id"));
                }
            }
            assertEquals(1, ops.size(), "one op for one key: " + ops);
            String opId = ops.iterator().next();

            // Repeated on the other replica: another body is refused; the same body answers with the same op.
            given().baseUri(secondApi.baseUri()).header("x-vital-api-key", key).header("Idempotency-Key", "one-op")
                    .contentType(ContentType.JSON).body(Recipes.body("fitbit", users, "idem", true))
                    .post("/v2/link/bulk_import").then().statusCode(422);
            Response replay = given().baseUri(secondApi.baseUri()).header("x-vital-api-key", key)
                    .header("X-Idempotency-Key", "one-op").contentType(ContentType.JSON).body(body)
                    .post("/v2/link/bulk_import");
            replay.then().statusCode(202).header("Idempotent-Replayed", "true").body("bulk_op_id", equalTo(opId));
            List<Object> listed = asTeam(key).get("/v2/link/bulk_op?page_size=50").then().statusCode(200)
                    .extract().path("data.id");
            assertEquals(List.of(opId), listed, "the team has exactly one op");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void anApiReplicaThatConsumesNothingStreamsTheProgressOfWorkDoneByTheWorker() throws Exception {
        Teams.TestTeam team = api.createMigratingTeam("streamed replicas", "fitbit");
        List<UUID> users = Teams.insertUsers(team.id(), 20_000);
        String opId = asTeam(team.apiKey()).body(Recipes.body("fitbit", users, "stream", false))
                .post("/v2/link/bulk_import").then().statusCode(202).extract().path("bulk_op_id");

        try (SseClient stream = SseClient.open(secondApi.baseUri() + "/v2/link/bulk_op/" + opId + "/events",
                team.apiKey(), null)) {
            List<SseClient.Event> events = stream.untilEnd(Duration.ofSeconds(120));
            SseClient.Event last = events.get(events.size() - 1);
            assertEquals("completed", last.name(), events.toString());
            assertEquals("success", JsonPath.from(last.data()).getString("status"));
            assertEquals(20_000, JsonPath.from(last.data()).getInt("processed"));
            assertTrue(events.stream().anyMatch(event -> "progress".equals(event.name())
                    && JsonPath.from(event.data()).getInt("processed") < 20_000), "progress seen before the end: "
                    + events);
        }
        assertTrue(secondApi.log().contains("Incoming channel `connection-imports` disabled by configuration"),
                "the streaming replica consumes no import");
    }

    @Test
    void eachReplicaServesOnlyTheApisOfItsRoles() {
        // The worker and the second api replica were started without the operator key, as their pods are.
        given().baseUri(worker.baseUri()).header("x-vital-api-key", "any").get("/v2/user")
                .then().statusCode(503).body("detail", containsString("api role"));
        for (ServiceProcess withoutOperatorRole : List.of(worker, secondApi)) {
            given().baseUri(withoutOperatorRole.baseUri()).header("x-admin-key", ServiceProcess.ADMIN_KEY)
                    .get("/admin/v1/teams/" + UUID.randomUUID()).then().statusCode(404)
                    .body("detail", containsString("operator role"));
        }
        given().baseUri(api.baseUri()).header("x-admin-key", ServiceProcess.ADMIN_KEY)
                .get("/admin/v1/teams/" + UUID.randomUUID()).then().statusCode(404)
                .body("detail", not(containsString("operator role")));
    }

    @Test
    void healthMetricsAndTheApiDocumentAnswerOnlyOnTheManagementPort() {
        for (ServiceProcess process : List.of(worker, api)) {
            for (String path : List.of("/q/health/ready", "/q/health/live", "/q/health/started", "/q/metrics",
                    "/q/openapi")) {
                given().baseUri(process.managementUri()).get(path).then().statusCode(200);
                given().baseUri(process.baseUri()).get(path).then().statusCode(404);
            }
        }
    }

    @Test
    void everyPathTheProdManifestsProbeOrScrapeAnswersOnTheManagementPort() {
        RenderedManifests manifests = RenderedManifests.render("overlays/prod");
        Map<String, ServiceProcess> processes = Map.of("linkops-api", api, "linkops-worker", worker,
                "linkops-operator", api);
        List<String> checked = new ArrayList<>();
        processes.forEach((deployment, process) -> {
            JsonNode container = manifests.container(deployment);
            List<String> paths = new ArrayList<>();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                paths.add(container.path(probe).path("httpGet").path("path").asText());
            }
            paths.add(manifests.one("Deployment", deployment).path("spec").path("template").path("metadata")
                    .path("annotations").path("prometheus.io/path").asText());
            paths.forEach(path -> {
                given().baseUri(process.managementUri()).get(path).then().statusCode(200);
                checked.add(deployment + " " + path);
            });
        });
        assertEquals(12, checked.size(), checked.toString());
    }

    private static RequestSpecification asTeam(String key) {
        return given().baseUri(api.baseUri()).header("x-vital-api-key", key).contentType(ContentType.JSON);
    }
}
