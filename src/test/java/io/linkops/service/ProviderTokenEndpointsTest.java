package io.linkops.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.linkops.testinfra.Connections.connectionId;
import static io.linkops.testinfra.Connections.importExpiringSoon;
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
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The providers with a grant of their own shape, refreshed against the fake OAuth provider over real HTTP. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ProviderTokenEndpointsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    TokenRefreshService refreshService;

    @Inject
    SecretCipher cipher;

    private final WireMockServer provider = RealInfrastructure.oauthProvider();

    @Test
    void iHealthIsRefreshedWithAGetCarryingTheClientTheTokenAndTheIHealthUserId() {
        String secret = "ihealth-secret-" + UUID.randomUUID();
        TestTeam team = Teams.createMigrating("ihealth refresh", "ihealth", secret);
        UUID user = importExpiringSoon(team, "ihealth", "ih");
        provider.stubFor(get(urlPathEqualTo("/ihealth/OAuthv2/userauthorization/"))
                .withQueryParam("client_id", equalTo("client-ihealth"))
                .withQueryParam("client_secret", equalTo(secret))
                .withQueryParam("response_type", equalTo("refresh_token"))
                .withQueryParam("refresh_token", equalTo(Recipes.refreshToken(user, "ih")))
                .withQueryParam("UserID", equalTo("ext-" + user))
                .willReturn(json("{\"APIName\":\"OpenApiActivity\",\"AccessToken\":\"at-ih-" + user
                        + "\",\"Expires\":3672000,\"RefreshToken\":\"rt-ih-" + user
                        + "\",\"RefreshTokenExpires\":31536000,\"UUID\":\"\",\"UserID\":\"ext-" + user + "\"}")));

        assertEquals(RefreshOutcome.refreshed, refreshService.refresh(connectionId(user), true).await()
                .atMost(DEADLINE));

        assertStored(team, user, "ihealth", "at-ih-" + user, "rt-ih-" + user, 3_600_000);
        provider.verify(1, getRequestedFor(urlPathEqualTo("/ihealth/OAuthv2/userauthorization/"))
                .withQueryParam("UserID", equalTo("ext-" + user)));
    }

    @Test
    void anIHealthErrorAnswerPutsTheConnectionInErrorWithItsCode() {
        TestTeam team = Teams.createMigrating("ihealth refused", "ihealth");
        UUID user = importExpiringSoon(team, "ihealth", "ih-refused");
        provider.stubFor(get(urlPathEqualTo("/ihealth/OAuthv2/userauthorization/"))
                .withQueryParam("refresh_token", equalTo(Recipes.refreshToken(user, "ih-refused")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"Error\":\"invalid refresh token\",\"ErrorCode\":4002}")));

        assertEquals(RefreshOutcome.failed, refreshService.refresh(connectionId(user), true).await()
                .atMost(DEADLINE));

        List<Object> row = Database.rows("select status, error_type, error_message from connections "
                + "where user_id = ?", user).get(0);
        assertEquals(List.of("error", "token_refresh_failed"), row.subList(0, 2));
        assertTrue(((String) row.get(2)).contains("ErrorCode 4002"), row.toString());
    }

    @Test
    void myFitnessPalIsRefreshedWithItsUserIdAndTheClientInTheForm() {
        String secret = "mfp-secret-" + UUID.randomUUID();
        TestTeam team = Teams.createMigrating("mfp refresh", "my_fitness_pal_v2", secret);
        UUID user = importExpiringSoon(team, "my_fitness_pal_v2", "mfp");
        provider.stubFor(post(urlEqualTo("/mfp/v2/oauth2/token"))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "mfp")))
                .withRequestBody(containing("user_id=ext-" + user))
                .withRequestBody(containing("client_id=client-my_fitness_pal_v2"))
                .withRequestBody(containing("client_secret=" + secret))
                .willReturn(tokens("at-mfp-" + user, "rt-mfp-" + user)));

        assertEquals(RefreshOutcome.refreshed, refreshService.refresh(connectionId(user), true).await()
                .atMost(DEADLINE));

        assertStored(team, user, "my_fitness_pal_v2", "at-mfp-" + user, "rt-mfp-" + user, 3_000);
    }

    @ParameterizedTest
    @CsvSource({"omron, /omron/connect/token", "ultrahuman, /ultrahuman/oauth/token"})
    void providersSpeakingTheStandardGrantAreRefreshedWithTheClientInTheForm(String slug, String path) {
        String secret = slug + "-secret-" + UUID.randomUUID();
        TestTeam team = Teams.createMigrating(slug + " refresh", slug, secret);
        UUID user = importExpiringSoon(team, slug, slug);
        provider.stubFor(post(urlEqualTo(path))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, slug)))
                .withRequestBody(containing("client_id=client-" + slug))
                .withRequestBody(containing("client_secret=" + secret))
                .willReturn(tokens("at-" + slug + "-" + user, "rt-" + slug + "-" + user)));

        assertEquals(RefreshOutcome.refreshed, refreshService.refresh(connectionId(user), true).await()
                .atMost(DEADLINE));

        assertStored(team, user, slug, "at-" + slug + "-" + user, "rt-" + slug + "-" + user, 3_000);
        provider.verify(1, postRequestedFor(urlEqualTo(path))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, slug))));
    }

    private void assertStored(TestTeam team, UUID user, String slug, String access, String refresh,
            long atLeastSecondsAhead) {
        List<Object> row = Database.rows("select access_token, refresh_token, expires_at, status from connections "
                + "where user_id = ?", user).get(0);
        assertEquals(access, cipher.decrypt((byte[]) row.get(0),
                SecretOwner.ofConnection(team.id(), user, slug, "access_token")));
        assertEquals(refresh, cipher.decrypt((byte[]) row.get(1),
                SecretOwner.ofConnection(team.id(), user, slug, "refresh_token")));
        long expiresAt = ((Number) row.get(2)).longValue();
        assertTrue(expiresAt > Instant.now().getEpochSecond() + atLeastSecondsAhead, "expires_at " + expiresAt);
        assertEquals("connected", row.get(3));
    }

    private static ResponseDefinitionBuilder tokens(String access, String refresh) {
        return json("{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh
                + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
