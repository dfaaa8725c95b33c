package io.linkops.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ReadinessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @AfterEach
    void databaseIsBack() throws Exception {
        RealInfrastructure.postgres().start();
    }

    @Test
    void readinessIsUpWithDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }

    @Test
    void readinessGoesDownWithoutTheDatabaseAndRecoversByItself() throws Exception {
        RealInfrastructure.postgres().stop();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN")));
        given().get("/q/health/live").then().statusCode(200);
        Teams.asOperator().body("{\"name\": \"during outage\"}").post("/admin/v1/teams").then().statusCode(503)
                .body("detail", equalTo("Service temporarily unavailable, retry later."));

        RealInfrastructure.postgres().start();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        Teams.create("after outage");
    }
}
