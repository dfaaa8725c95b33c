package io.linkops.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.linkops.testinfra.Connections.connectionId;
import static io.linkops.testinfra.Connections.importExpiringSoon;
import static io.linkops.testinfra.Teams.as;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.linkops.domain.RefreshOutcome;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class RefresherIsolationTest {

    private static final String FITBIT_TOKEN_PATH = "/fitbit/oauth2/token";
    private static final String WITHINGS_TOKEN_PATH = "/withings/v2/oauth2";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    ConnectionRefresher refresher;

    @Inject
    TokenRefreshService refreshService;

    @Inject
    SecretCipher cipher;

    @Inject
    MeterRegistry metrics;

    private final WireMockServer provider = RealInfrastructure.oauthProvider();

    @Test
    void poisonedConnectionsArePostponedAndCountedWhileEveryHealthyOneIsRefreshedInTheSameRound() {
        TestTeam fitbit = Teams.createMigrating("isolation-fitbit", "fitbit");
        TestTeam withings = Teams.createMigrating("isolation-withings", "withings");
        List<UUID> healthy = List.of(importExpiringSoon(fitbit, "fitbit", "healthy"),
                importExpiringSoon(fitbit, "fitbit", "healthy"), importExpiringSoon(fitbit, "fitbit", "healthy"));
        UUID undecryptable = importExpiringSoon(fitbit, "fitbit", "garbage");
        UUID withoutToken = importExpiringSoon(fitbit, "fitbit", "no-token");
        UUID withingsWithoutToken = importExpiringSoon(withings, "withings", "wi-no-token");
        byte[] garbage = new byte[64];
        new SecureRandom().nextBytes(garbage);
        Database.execute("update connections set refresh_token = ? where user_id = ?", garbage, undecryptable);
        // Poisoned rows expire first, so the round meets them before any healthy row.
        for (UUID poisoned : List.of(undecryptable, withoutToken, withingsWithoutToken)) {
            Database.execute("update connections set expires_at = ? where user_id = ?",
                    Instant.now().minusSeconds(600).getEpochSecond(), poisoned);
        }
        healthy.forEach(user -> provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "healthy")))
                .willReturn(tokens("at-new-" + user, "rt-new-" + user))));
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(withoutToken, "no-token")))
                .willReturn(json("{\"token_type\":\"Bearer\",\"expires_in\":28800}")));
        provider.stubFor(post(urlEqualTo(WITHINGS_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(withingsWithoutToken,
                        "wi-no-token")))
                .willReturn(json("{\"status\":0,\"body\":{\"userid\":\"1\",\"expires_in\":10800}}")));
        double errorsBefore = errorCount();

        Map<RefreshOutcome, Integer> outcomes = refresher.runOnce().await().atMost(DEADLINE);

        for (UUID user : healthy) {
            assertEquals("at-new-" + user, decrypt(fitbit, user, "access_token"));
            assertEquals("rt-new-" + user, decrypt(fitbit, user, "refresh_token"));
        }
        for (UUID poisoned : List.of(undecryptable, withoutToken, withingsWithoutToken)) {
            assertPostponedOnce(poisoned);
        }
        assertArrayEquals(garbage, (byte[]) connectionColumn(undecryptable, "refresh_token"));
        assertEquals(Recipes.refreshToken(withoutToken, "no-token"), decrypt(fitbit, withoutToken, "refresh_token"));
        assertEquals(Recipes.refreshToken(withingsWithoutToken, "wi-no-token"),
                decrypt(withings, withingsWithoutToken, "refresh_token"));
        int errors = outcomes.getOrDefault(RefreshOutcome.error, 0);
        assertTrue(errors >= 3, outcomes.toString());
        assertTrue(outcomes.getOrDefault(RefreshOutcome.refreshed, 0) >= healthy.size(), outcomes.toString());
        assertEquals(errors, errorCount() - errorsBefore, 0.0, "every error outcome is counted");

        refresher.runOnce().await().atMost(DEADLINE);

        for (UUID poisoned : List.of(undecryptable, withoutToken, withingsWithoutToken)) {
            assertPostponedOnce(poisoned);
        }
        provider.verify(1, postRequestedFor(urlEqualTo(FITBIT_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(withoutToken, "no-token"))));
        provider.verify(1, postRequestedFor(urlEqualTo(WITHINGS_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(withingsWithoutToken,
                        "wi-no-token"))));
    }

    @Test
    void aRowWhoseProviderThisServiceDoesNotKnowIsPostponedInsteadOfFailingTheRefresh() {
        TestTeam team = Teams.createMigrating("isolation-unknown-provider", "fitbit");
        UUID user = importExpiringSoon(team, "fitbit", "retired");
        Database.execute("update connections set provider = 'retired_provider' where user_id = ?", user);

        RefreshOutcome outcome = refreshService.refresh(connectionId(user), false).await().atMost(DEADLINE);

        assertEquals(RefreshOutcome.error, outcome);
        assertPostponedOnce(user);
        provider.verify(0, postRequestedFor(urlEqualTo(FITBIT_TOKEN_PATH))
                .withRequestBody(containing(Recipes.refreshToken(user, "retired"))));
    }

    @Test
    void newTokensThatCannotBeStoredPutTheConnectionInErrorRatherThanSpendingTheOldTokenAgain() {
        TestTeam team = Teams.createMigrating("isolation-unstored", "fitbit");
        UUID user = importExpiringSoon(team, "fitbit", "unstored");
        UUID connection = connectionId(user);
        String oldRefresh = Recipes.refreshToken(user, "unstored");
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH)).withRequestBody(containing("refresh_token=" + oldRefresh))
                .willReturn(tokens("at-lost-" + user, "rt-lost-" + user)));
        // A real database refusal of exactly this row's token update; the status update that follows is let through.
        Database.execute("create function refuse_token_store_" + suffix(connection) + "() returns trigger "
                + "language plpgsql as $$ begin if new.id = '" + connection + "' and new.access_token is distinct "
                + "from old.access_token then raise exception 'token store refused'; end if; return new; end $$");
        Database.execute("create trigger refuse_token_store_" + suffix(connection) + " before update on connections "
                + "for each row execute function refuse_token_store_" + suffix(connection) + "()");
        RefreshOutcome first;
        try {
            first = refreshService.refresh(connection, false).await().atMost(DEADLINE);
        } finally {
            Database.execute("drop trigger refuse_token_store_" + suffix(connection) + " on connections");
            Database.execute("drop function refuse_token_store_" + suffix(connection) + "()");
        }
        RefreshOutcome second = refreshService.refresh(connection, false).await().atMost(DEADLINE);

        assertEquals(RefreshOutcome.error, first);
        assertEquals(RefreshOutcome.skipped, second);
        provider.verify(1, postRequestedFor(urlEqualTo(FITBIT_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + oldRefresh)));
        as(team).get("/v2/user/providers/" + user).then()
                .body("providers[0].status", Matchers.equalTo("error"))
                .body("providers[0].error_details.error_type", Matchers.equalTo("token_refresh_failed"));
    }

    private void assertPostponedOnce(UUID user) {
        List<Object> row = Database.rows("select refresh_attempts, refresh_not_before, status from connections "
                + "where user_id = ?", user).get(0);
        assertEquals(1, row.get(0), "refresh_attempts of " + user);
        Instant notBefore = ((Timestamp) row.get(1)).toInstant();
        // The configured first back-off is 30 s.
        assertTrue(notBefore.isAfter(Instant.now().plusSeconds(20)), "postponed: " + notBefore);
        assertEquals("connected", row.get(2));
    }

    private double errorCount() {
        return metrics.counter("linkops.refresher.outcomes", "outcome", RefreshOutcome.error.name()).count();
    }

    private static ResponseDefinitionBuilder tokens(String access, String refresh) {
        return json("{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh
                + "\",\"expires_in\":28800,\"token_type\":\"Bearer\"}");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String suffix(UUID connection) {
        return connection.toString().replace("-", "_");
    }

    private static Object connectionColumn(UUID user, String column) {
        return Database.rows("select " + column + " from connections where user_id = ?", user).get(0).get(0);
    }

    private String decrypt(TestTeam team, UUID user, String field) {
        String provider = (String) connectionColumn(user, "provider");
        return cipher.decrypt((byte[]) connectionColumn(user, field),
                SecretOwner.ofConnection(team.id(), user, provider, field));
    }
}
