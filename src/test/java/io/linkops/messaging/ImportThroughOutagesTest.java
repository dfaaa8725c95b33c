package io.linkops.messaging;

import static io.linkops.testinfra.Teams.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linkops.service.BulkOperationWaiter;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.Ops;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ImportThroughOutagesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Inject
    BulkOperationWaiter waiter;

    @AfterEach
    void databaseIsBack() throws Exception {
        RealInfrastructure.postgres().start();
    }

    @Test
    void aDatabaseOutageMidOpIsRetriedUntilItPassesWithExactCounts() throws Exception {
        TestTeam team = Teams.createMigrating("outage", "fitbit");
        List<UUID> users = Teams.createUsers(team, 200);
        String opId;
        // Hold the team's users so the worker is mid-batch, waiting on PostgreSQL, when it goes away.
        try (Connection lock = lockUsers(team)) {
            opId = as(team).body(Recipes.body("fitbit", users, "outage", false)).post("/v2/link/bulk_import")
                    .then().statusCode(202).extract().path("bulk_op_id");
            RealInfrastructure.postgres().stop();
        } catch (Exception connectionGoneWithTheServer) {
            throw new IllegalStateException(connectionGoneWithTheServer);
        }
        await().atMost(DEADLINE).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(503));
        RealInfrastructure.postgres().start();

        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                as(team).get("/v2/link/bulk_op/" + opId).then().statusCode(200).body("status", equalTo("success")));
        as(team).get("/v2/link/bulk_op/" + opId).then().body("processed", equalTo(200));
        assertEquals(200, Database.count("select count(*) from connections where team_id = ?", team.id()));
        assertEquals(200, Ops.recordedItems(opId));
    }

    @Test
    void aClientThatHangsUpLeavesNoWaiterBehind() throws Exception {
        TestTeam team = Teams.createMigrating("hang-up", "fitbit");
        List<UUID> users = Teams.createUsers(team, 2);
        int before = waiter.pendingCount();
        try (Connection lock = lockUsers(team)) {
            RestAssuredConfig impatient = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 3000));
            CompletableFuture<Throwable> hungUp = CompletableFuture.supplyAsync(() -> assertThrows(Exception.class,
                    () -> as(team).config(impatient).body(Recipes.body("fitbit", users, "hang-up", true))
                            .post("/v2/link/bulk_import")));
            await().atMost(Duration.ofSeconds(10)).until(() -> waiter.pendingCount() == before + 1);
            hungUp.get(10, TimeUnit.SECONDS);
            // Well inside the 15 s wait bound: only the hang-up can have removed the waiter.
            await().atMost(Duration.ofSeconds(5)).until(() -> waiter.pendingCount() == before);
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("linkops_bulk_op_waiters_pending " + before + ".0"));
            lock.rollback();
        }
    }

    private static Connection lockUsers(TestTeam team) throws Exception {
        Connection db = RealInfrastructure.postgres().connect();
        db.setAutoCommit(false);
        try (PreparedStatement lock = db.prepareStatement("select id from users where team_id = ? for update")) {
            lock.setObject(1, team.id());
            lock.executeQuery().close();
        }
        return db;
    }
}
