package io.linkops.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.linkops.testinfra.Connections.connectionId;
import static io.linkops.testinfra.Connections.importExpiringSoon;
import static io.linkops.testinfra.Teams.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class TokenRefreshTest {

    private static final String FITBIT_TOKEN_PATH = "/fitbit/oauth2/token";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    ConnectionRefresher refresher;

    @Inject
    TokenRefreshService refreshService;

    @Inject
    SecretCipher cipher;

    private final WireMockServer provider = RealInfrastructure.oauthProvider();

    @Test
    void persistsTheRotatedPairObtainedWithTheTeamsCredential() {
        String secret = "fitbit-secret-" + UUID.randomUUID();
        TestTeam team = Teams.createMigrating("rotation", "fitbit", secret);
        UUID user = importExpiringSoon(team, "fitbit", "rot");
        String oldRefresh = Recipes.refreshToken(user, "rot");
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH)).withRequestBody(containing("refresh_token=" + oldRefresh))
                .willReturn(tokens("at-new-" + user, "rt-new-" + user, 28_800)));

        Map<RefreshOutcome, Integer> outcomes = refresher.runOnce().await().atMost(DEADLINE);

        assertTrue(outcomes.getOrDefault(RefreshOutcome.refreshed, 0) >= 1, outcomes.toString());
        String basic = "Basic " + Base64.getEncoder().encodeToString(("client-fitbit:" + secret)
                .getBytes(StandardCharsets.UTF_8));
        provider.verify(1, postRequestedFor(urlEqualTo(FITBIT_TOKEN_PATH))
                .withHeader("Authorization", equalTo(basic))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + oldRefresh)));
        List<Object> row = connectionRow(user);
        assertEquals("at-new-" + user, decrypt(team, user, row.get(0), "access_token"));
        assertEquals("rt-new-" + user, decrypt(team, user, row.get(1), "refresh_token"));
        long expiresAt = ((Number) row.get(2)).longValue();
        assertTrue(expiresAt > Instant.now().getEpochSecond() + 28_000, "expires_at moved forward: " + expiresAt);
    }

    @Test
    void withingsIsRefreshedThroughItsOwnVariantOfTheGrant() {
        TestTeam team = Teams.createMigrating("withings", "withings");
        UUID user = importExpiringSoon(team, "withings", "wi");
        provider.stubFor(post(urlEqualTo("/withings/v2/oauth2"))
                .withRequestBody(containing("action=requesttoken"))
                .withRequestBody(containing("client_id=client-withings"))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "wi")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"status\":0,\"body\":{\"userid\":\"1\",\"access_token\":\"at-w-" + user
                                + "\",\"refresh_token\":\"rt-w-" + user + "\",\"expires_in\":10800}}")));

        assertEquals(RefreshOutcome.refreshed, refreshService.refresh(connectionId(user), true).await().atMost(DEADLINE));
        assertEquals("at-w-" + user, decrypt(team, user, connectionRow(user).get(0), "access_token"));
        assertEquals("rt-w-" + user, decrypt(team, user, connectionRow(user).get(1), "refresh_token"));
    }

    @Test
    void aSingleUseRefreshTokenIsSentOnceEvenUnderConcurrentRefreshes() {
        TestTeam team = Teams.createMigrating("single-use", "fitbit");
        UUID user = importExpiringSoon(team, "fitbit", "once");
        String first = Recipes.refreshToken(user, "once");
        // The successor still expires within the window, so a second refresh would be due at once.
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH)).withRequestBody(containing("refresh_token=" + first))
                .willReturn(tokens("at-2-" + user, "rt-2-" + user, 60).withFixedDelay(500)));
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH)).withRequestBody(containing("refresh_token=rt-2-" + user))
                .willReturn(tokens("at-3-" + user, "rt-3-" + user, 28_800)));
        UUID connection = connectionId(user);

        List<RefreshOutcome> outcomes = Uni.join().all(refreshService.refresh(connection, true),
                refreshService.refresh(connection, true), refreshService.refresh(connection, true))
                .andCollectFailures().await().atMost(DEADLINE);

        provider.verify(1, postRequestedFor(urlEqualTo(FITBIT_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + first)));
        assertTrue(outcomes.contains(RefreshOutcome.refreshed), outcomes.toString());
        String stored = decrypt(team, user, connectionRow(user).get(1), "refresh_token");
        assertTrue(stored.equals("rt-2-" + user) || stored.equals("rt-3-" + user), "a successor is stored: " + stored);
    }

    @Test
    void aTokenOfAnotherOAuthClientMarksTheConnectionCredentialError() {
        TestTeam team = Teams.createMigrating("wrong-client", "fitbit");
        UUID user = importExpiringSoon(team, "fitbit", "other-client");
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "other-client")))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(
                        "{\"errors\":[{\"errorType\":\"invalid_client\",\"message\":\"Invalid client\"}]}")));

        assertEquals(RefreshOutcome.failed, refreshService.refresh(connectionId(user), true).await().atMost(DEADLINE));
        as(team).get("/v2/user/providers/" + user).then()
                .body("providers[0].status", Matchers.equalTo("error"))
                .body("providers[0].error_details.error_type", Matchers.equalTo("provider_credential_error"))
                .body("providers[0].error_details.errored_at", Matchers.notNullValue());
    }

    @Test
    void anInvalidGrantMarksTheConnectionTokenRefreshFailed() {
        TestTeam team = Teams.createMigrating("invalid-grant", "oura");
        UUID user = importExpiringSoon(team, "oura", "revoked");
        provider.stubFor(post(urlEqualTo("/oura/oauth/token"))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "revoked")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\"}")));

        assertEquals(RefreshOutcome.failed, refreshService.refresh(connectionId(user), true).await().atMost(DEADLINE));
        as(team).get("/v2/user/providers/" + user).then()
                .body("providers[0].status", Matchers.equalTo("error"))
                .body("providers[0].error_details.error_type", Matchers.equalTo("token_refresh_failed"));
    }

    @Test
    void aRateLimitedRefreshBacksOffAsTheProviderAsks() {
        TestTeam team = Teams.createMigrating("rate-limited", "fitbit");
        UUID user = importExpiringSoon(team, "fitbit", "busy");
        String refresh = Recipes.refreshToken(user, "busy");
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH)).withRequestBody(containing("refresh_token=" + refresh))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

        assertEquals(RefreshOutcome.postponed,
                refreshService.refresh(connectionId(user), true).await().atMost(DEADLINE));
        refresher.runOnce().await().atMost(DEADLINE);

        provider.verify(1, postRequestedFor(urlEqualTo(FITBIT_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + refresh)));
        List<Object> row = Database.rows("select refresh_not_before, refresh_attempts, status from connections "
                + "where user_id = ?", user).get(0);
        Timestamp notBefore = (Timestamp) row.get(0);
        assertNotNull(notBefore);
        assertTrue(notBefore.toInstant().isAfter(Instant.now().plusSeconds(3500)), "Retry-After respected");
        assertEquals(1, row.get(1));
        assertEquals("connected", row.get(2));
        assertEquals(refresh, decrypt(team, user, connectionRow(user).get(1), "refresh_token"));
    }

    @Test
    void aProviderOutageBacksOffAndDoublesTheWait() {
        TestTeam team = Teams.createMigrating("provider-down", "fitbit");
        UUID user = importExpiringSoon(team, "fitbit", "down");
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "down")))
                .willReturn(aResponse().withStatus(503)));
        UUID connection = connectionId(user);

        assertEquals(RefreshOutcome.postponed, refreshService.refresh(connection, false).await().atMost(DEADLINE));
        Instant firstWait = notBefore(user);
        assertEquals(RefreshOutcome.postponed, refreshService.refresh(connection, false).await().atMost(DEADLINE));
        Instant secondWait = notBefore(user);

        // 30 s first (the configured first back-off), then 60 s: measured from each attempt.
        assertTrue(firstWait.isAfter(Instant.now().plusSeconds(20)), firstWait.toString());
        assertTrue(secondWait.isAfter(firstWait.plusSeconds(20)), firstWait + " then " + secondWait);
        assertEquals("connected", Database.rows("select status from connections where user_id = ?", user)
                .get(0).get(0));
    }

    @Test
    void theRefresherSkipsPausedConnectionsAndProvidersThatNeverRefresh() {
        TestTeam team = Teams.createMigrating("paused-refresh", "fitbit");
        UUID paused = importExpiringSoon(team, "fitbit", "paused");
        as(team).body(Map.of("provider", "fitbit", "user_ids", List.of(paused.toString())))
                .post("/v2/link/bulk_pause").then().statusCode(200);
        TestTeam garminTeam = Teams.createMigrating("garmin-refresh", "garmin");
        UUID garmin = importExpiringSoon(garminTeam, "garmin", "oauth1");

        refresher.runOnce().await().atMost(DEADLINE);

        provider.verify(0, postRequestedFor(anyUrl())
                .withRequestBody(containing(Recipes.refreshToken(paused, "paused"))));
        provider.verify(0, postRequestedFor(anyUrl())
                .withRequestBody(containing(Recipes.refreshToken(garmin, "oauth1"))));
        assertEquals(RefreshOutcome.skipped,
                refreshService.refresh(connectionId(garmin), false).await().atMost(DEADLINE));
    }

    private static ResponseDefinitionBuilder tokens(String access, String refresh, long expiresIn) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh + "\",\"expires_in\":"
                        + expiresIn + ",\"token_type\":\"Bearer\"}");
    }

    private static Instant notBefore(UUID user) {
        return ((Timestamp) Database.rows("select refresh_not_before from connections where user_id = ?", user)
                .get(0).get(0)).toInstant();
    }

    private static List<Object> connectionRow(UUID user) {
        return Database.rows("select access_token, refresh_token, expires_at from connections where user_id = ?",
                user).get(0);
    }

    private String decrypt(TestTeam team, UUID user, Object sealed, String field) {
        String provider = (String) Database.rows("select provider from connections where user_id = ?", user)
                .get(0).get(0);
        return cipher.decrypt((byte[]) sealed, SecretOwner.ofConnection(team.id(), user, provider, field));
    }
}
