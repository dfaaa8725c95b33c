package io.linkops.security;

import static io.linkops.testinfra.Teams.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class TeamAuthenticationTest {

    @Test
    void missingKeyIs401() {
        given().get("/v2/user").then().statusCode(401).contentType(ContentType.JSON)
                .body("detail", containsString("x-vital-api-key"));
    }

    @Test
    void unknownOrMalformedKeyIs401() {
        TestTeam team = Teams.create("auth");
        as("nonsense").get("/v2/user").then().statusCode(401).body("detail", equalTo("Invalid API key."));
        String forged = team.keyPrefix() + "_" + "A".repeat(43);
        as(forged).get("/v2/user").then().statusCode(401).body("detail", equalTo("Invalid API key."));
        as("lkops_aaaaaaaaaaaa_" + "B".repeat(43)).get("/v2/user").then().statusCode(401);
    }

    @Test
    void teamIdInferFromContextIsAcceptedAndOwnIdToo() {
        TestTeam team = Teams.create("infer");
        as(team).queryParam("team_id", "infer_from_context").get("/v2/user").then().statusCode(200);
        as(team).queryParam("team_id", team.id().toString()).get("/v2/user").then().statusCode(200);
    }

    @Test
    void anotherTeamIdIs403() {
        TestTeam team = Teams.create("spoof");
        TestTeam other = Teams.create("victim");
        as(team).queryParam("team_id", other.id().toString()).get("/v2/user").then().statusCode(403)
                .body("detail", containsString("team_id"));
        as(team).queryParam("team_id", UUID.randomUUID().toString()).get("/v2/user").then().statusCode(403);
    }

    @Test
    void healthNeedsNoKey() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
