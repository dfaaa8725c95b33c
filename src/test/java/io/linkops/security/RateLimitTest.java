package io.linkops.security;

import static io.linkops.testinfra.Teams.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.PrometheusText;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Request rates on the real service: a team over its rate is answered 429 with Retry-After while another team is
 * not, the operator API has its own bucket whatever the key, and a bad key stops costing a lookup after a few tries.
 */
@QuarkusTest
@TestProfile(RateLimitTest.LowLimits.class)
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
// The operator test drains the operator bucket, which the team test needs to create its teams: it runs last.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitTest {

    private static final int TEAM_BURST = 5;
    private static final int OPERATOR_BURST = 30;

    /** Small buckets, refilled slowly enough that a test drains one long before a token returns. */
    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("linkops.rate-limits.team-per-second", "0.5",
                    "linkops.rate-limits.team-burst", String.valueOf(TEAM_BURST),
                    "linkops.rate-limits.operator-per-second", "0.5",
                    "linkops.rate-limits.operator-burst", String.valueOf(OPERATOR_BURST));
        }
    }

    @Test
    @Order(1)
    void aTeamOverItsRateIsToldWhenToRetryAndOtherTeamsGoOn() {
        TestTeam busy = Teams.create(Teams.unique("busy"));
        TestTeam quiet = Teams.create(Teams.unique("quiet"));
        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < TEAM_BURST + 1; i++) {
            Response answer = as(busy).get("/v2/user?offset=0&limit=1");
            statuses.add(answer.statusCode());
            refused = answer;
        }
        List<Integer> expected = new ArrayList<>(Collections.nCopies(TEAM_BURST, 200));
        expected.add(429);
        assertEquals(expected, statuses);
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "one token comes back within 2 s at 0.5/s: " + retryAfter);
        assertTrue(refused.jsonPath().getString("detail").contains("Retry-After"), refused.asString());

        as(quiet).get("/v2/user?offset=0&limit=1").then().statusCode(200);
        // After Retry-After the team is served again.
        await().atMost(Duration.ofSeconds(retryAfter + 5)).pollInterval(Duration.ofMillis(250))
                .until(() -> as(busy).get("/v2/user?offset=0&limit=1").statusCode() == 200);
    }

    @Test
    @Order(3)
    void theOperatorApiHasItsOwnBucketWhateverTheKey() {
        int answered = 0;
        Response refused = null;
        for (int i = 0; i < OPERATOR_BURST + 1 && refused == null; i++) {
            Response answer = given().header("x-admin-key", "not-the-operator-key").get("/admin/v1/teams/"
                    + UUID.randomUUID());
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertEquals(401, answer.statusCode());
                answered++;
            }
        }
        assertTrue(refused != null, "the operator bucket ran dry within its burst");
        assertTrue(answered <= OPERATOR_BURST, "answered " + answered);
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
        Teams.asOperator().get("/admin/v1/teams/" + UUID.randomUUID()).then().statusCode(429);
    }

    @Test
    @Order(2)
    void aLoopingBadKeyIsRefusedWithoutALookupAfterAFewTries() {
        String badKey = "lkops_zz0000000000_" + "A".repeat(43);
        double lookupsBefore = PrometheusText.scrape("linkops_auth_key_lookups_total");
        for (int i = 0; i < 20; i++) {
            as(badKey).get("/v2/user?offset=0&limit=1").then().statusCode(401);
        }
        double lookups = PrometheusText.scrape("linkops_auth_key_lookups_total") - lookupsBefore;
        assertEquals(3.0, lookups, "the default three lookups, then none");
        assertTrue(PrometheusText.scrape("linkops_auth_refused_total{checked=\"remembered\"}") >= 17);
    }
}
