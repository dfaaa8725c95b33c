package io.linkops.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.linkops.testinfra.Teams.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The per-team limit of open bulk ops (10 by default): one more answers 429 and starts nothing. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class OpenOperationLimitTest {

    private static final int LIMIT = 10;

    @Test
    void anOpBeyondTheLimitAnswers429AndStartsNothingUntilOneFinishes() {
        TestTeam team = Teams.createMigrating("busy", "fitbit");
        List<UUID> openOps = seedOpenOps(team, LIMIT);
        List<UUID> users = Teams.createUsers(team, 2);

        as(team).body(Recipes.body("fitbit", users, "limit", true)).post("/v2/link/bulk_import")
                .then().statusCode(429)
                .header("Retry-After", equalTo("5"))
                .body("detail", containsString("already has 10 bulk operations in progress"));
        assertEquals(LIMIT, opsOf(team), "a refused request creates no op");
        assertEquals(0, Database.count("select count(*) from connections where team_id = ?", team.id()));

        Database.execute("update bulk_ops set status = 'success', ended_at = now() where id = ?", openOps.get(0));
        as(team).body(Recipes.body("fitbit", users, "limit", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success"));
        assertEquals(2, Database.count("select count(*) from connections where team_id = ?", team.id()));
    }

    @Test
    void concurrentRequestsNeverOpenMoreThanTheLimit() throws Exception {
        TestTeam team = Teams.createMigrating("race", "whoop_v2");
        seedOpenOps(team, LIMIT - 2);
        List<UUID> users = Teams.createUsers(team, 6);
        // The fake provider answers each verification after 3 s, so every accepted op stays open while the rest race.
        for (UUID user : users) {
            RealInfrastructure.oauthProvider().stubFor(post(urlEqualTo("/whoop/oauth/oauth2/token"))
                    .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "race")))
                    .willReturn(aResponse().withFixedDelay(3000).withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"access_token\":\"a-" + user + "\",\"refresh_token\":\"r-" + user
                                    + "\",\"expires_in\":3600}")));
        }

        ExecutorService clients = Executors.newFixedThreadPool(users.size());
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (UUID user : users) {
                Callable<Integer> request = () -> as(team).body(Recipes.body("whoop_v2", List.of(user), "race", false))
                        .post("/v2/link/bulk_import").statusCode();
                answers.add(clients.submit(request));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        } finally {
            clients.shutdown();
        }

        assertEquals(2, statuses.stream().filter(status -> status == 202).count(), statuses.toString());
        assertEquals(4, statuses.stream().filter(status -> status == 429).count(), statuses.toString());
        assertEquals(LIMIT, opsOf(team));
        await().atMost(Duration.ofSeconds(30)).until(() -> Database.count(
                "select count(*) from connections where team_id = ?", team.id()) == 2);
    }

    private static List<UUID> seedOpenOps(TestTeam team, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            Database.execute("insert into bulk_ops (id, team_id, type, provider, status, enqueue_state, size, "
                    + "started_at) values (?, ?, 'link_bulk_import', 'fitbit', 'in_progress', 'committed', 1, now())",
                    id, team.id());
            ids.add(id);
        }
        return ids;
    }

    private static long opsOf(TestTeam team) {
        return Database.count("select count(*) from bulk_ops where team_id = ?", team.id());
    }
}
