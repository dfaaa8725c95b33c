package io.linkops.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.linkops.testinfra.Connections.importExpiringSoon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.linkops.client.TokenRefreshAdapters;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.RefreshOutcome;
import io.linkops.repository.TokenRefreshRepository;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Refresh rounds of several workers over one due set, a throttling provider, and dead or misconfigured refreshes. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class RefresherConcurrencyTest {

    private static final String FITBIT_TOKEN_PATH = "/fitbit/oauth2/token";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Pattern SENT_TOKEN = Pattern.compile("refresh_token=([^&]+)");

    @Inject
    ConnectionRefresher refresher;

    @Inject
    TokenRefreshRepository repository;

    @Inject
    TokenRefreshService refreshService;

    @Inject
    TokenRefreshAdapters adapters;

    @Inject
    LinkopsConfig config;

    @Inject
    ScheduledRounds rounds;

    @Inject
    MeterRegistry metrics;

    @Inject
    Vertx vertx;

    private final WireMockServer provider = RealInfrastructure.oauthProvider();

    @Test
    void twoWorkersShareOneDueSetAndSendEveryRefreshTokenExactlyOnce() {
        TestTeam team = Teams.createMigrating("two refreshers", "fitbit");
        String marker = "two-workers-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> users = importExpiringSoon(team, "fitbit", marker, 240);
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH)).withRequestBody(containing("refresh_token=rt-" + marker))
                .willReturn(tokens("at-next", "rt-next-" + marker, 28_800).withFixedDelay(50)));
        ConnectionRefresher secondWorker = new ConnectionRefresher(repository, refreshService, adapters, config,
                rounds, metrics);

        List<Map<RefreshOutcome, Integer>> outcomes = Uni.join().all(refresher.runOnce(), secondWorker.runOnce())
                .andFailFast().await().atMost(DEADLINE);

        Map<String, Long> callsPerToken = sentTokens(marker);
        Set<String> expected = users.stream().map(user -> Recipes.refreshToken(user, marker))
                .collect(Collectors.toSet());
        assertEquals(expected, callsPerToken.keySet(), "every due connection was refreshed");
        assertTrue(callsPerToken.values().stream().allMatch(calls -> calls == 1), "a token sent twice: "
                + callsPerToken.entrySet().stream().filter(entry -> entry.getValue() > 1).toList());
        assertTrue(outcomes.get(0).getOrDefault(RefreshOutcome.refreshed, 0) > 0, "first worker: " + outcomes);
        assertTrue(outcomes.get(1).getOrDefault(RefreshOutcome.refreshed, 0) > 0, "second worker: " + outcomes);
        assertEquals(users.size(), Database.count("select count(*) from connections where team_id = ? "
                + "and refreshed_at is not null and refresh_claim_state is null and status = 'connected'", team.id()));
    }

    @Test
    void aProvidersRateLimitPausesOnlyTheCredentialItAnswered() {
        TestTeam throttled = Teams.createMigrating("throttled credential", "fitbit");
        TestTeam unaffected = Teams.createMigrating("unaffected credential", "fitbit");
        String slow = "throttled-" + UUID.randomUUID().toString().substring(0, 8);
        String fine = "unaffected-" + UUID.randomUUID().toString().substring(0, 8);
        importExpiringSoon(throttled, "fitbit", slow, 40);
        importExpiringSoon(unaffected, "fitbit", fine, 40);
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH)).withRequestBody(containing("refresh_token=rt-" + slow))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "600").withFixedDelay(300)));
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH)).withRequestBody(containing("refresh_token=rt-" + fine))
                .willReturn(tokens("at-fine", "rt-fine-next", 28_800).withFixedDelay(20)));

        refresher.runOnce().await().atMost(DEADLINE);
        long throttledCalls = sentTokens(slow).values().stream().mapToLong(Long::longValue).sum();
        refresher.runOnce().await().atMost(DEADLINE);

        int perCredential = config.refresher().perCredentialConcurrency();
        assertTrue(throttledCalls >= 1 && throttledCalls <= perCredential, "calls under the throttled credential: "
                + throttledCalls + " (at most the " + perCredential + " already in flight when the 429 came)");
        assertEquals(throttledCalls, sentTokens(slow).values().stream().mapToLong(Long::longValue).sum(),
                "nothing more is sent under a paused credential");
        assertEquals(40, sentTokens(fine).size(), "the other team's credential of the same provider went on");
        assertEquals(40, Database.count("select count(*) from connections where team_id = ? and refreshed_at is not "
                + "null", unaffected.id()));
        Timestamp pausedUntil = (Timestamp) Database.rows("select refresh_paused_until from custom_credentials "
                + "where team_id = ?", throttled.id()).get(0).get(0);
        assertNotNull(pausedUntil);
        assertTrue(pausedUntil.toInstant().isAfter(Instant.now().plusSeconds(500)), pausedUntil.toString());
        assertNull(Database.rows("select refresh_paused_until from custom_credentials where team_id = ?",
                unaffected.id()).get(0).get(0));
        assertEquals(0, Database.count("select count(*) from connections where team_id = ? and (status <> "
                + "'connected' or refresh_claim_state is not null)", throttled.id()), "nothing left claimed");
        assertEquals(40 - throttledCalls, Database.count("select count(*) from connections where team_id = ? "
                + "and refresh_attempts = 0", throttled.id()), "connections never sent are not counted as attempts");
    }

    @Test
    void aRefreshTokenWhoseWorkerDiedMidCallIsNeverSentAgainAndItsConnectionIsShownInError() {
        TestTeam team = Teams.createMigrating("interrupted refresh", "fitbit");
        String marker = "interrupted-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> users = importExpiringSoon(team, "fitbit", marker, 3);
        UUID interrupted = users.get(0);
        UUID stillSending = users.get(1);
        UUID lapsedReservation = users.get(2);
        claim(interrupted, "sending", Instant.now().minusSeconds(1));
        claim(stillSending, "sending", Instant.now().plusSeconds(600));
        claim(lapsedReservation, "reserved", Instant.now().minusSeconds(1));
        provider.stubFor(post(urlEqualTo(FITBIT_TOKEN_PATH)).withRequestBody(containing("refresh_token=rt-" + marker))
                .willReturn(tokens("at-after", "rt-after-" + marker, 28_800)));
        double before = metrics.counter("linkops.refresher.interrupted").count();

        refresher.runOnce().await().atMost(DEADLINE);

        assertEquals(Set.of(Recipes.refreshToken(lapsedReservation, marker)), sentTokens(marker).keySet(),
                "only the connection whose reservation lapsed (nothing was sent for it) is refreshed");
        List<Object> row = Database.rows("select status, error_type, error_message, refresh_claim_state "
                + "from connections where user_id = ?", interrupted).get(0);
        assertEquals("error", row.get(0));
        assertEquals("token_refresh_failed", row.get(1));
        assertEquals(ConnectionRefresher.INTERRUPTED_MESSAGE, row.get(2));
        assertNull(row.get(3));
        awaitErrorEventOf(interrupted);
        assertEquals(1.0, metrics.counter("linkops.refresher.interrupted").count() - before, 0.0);
        assertEquals(List.of("connected", "sending"), Database.rows("select status, refresh_claim_state from "
                + "connections where user_id = ?", stillSending).get(0), "a live worker's claim is left alone");
    }

    @Test
    void expiredConnectionsOfAProviderWithNoTokenUrlAreShownInErrorAndCounted() {
        TestTeam team = Teams.createMigrating("unrefreshable", "ultrahuman");
        String marker = "unrefreshable-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> users = importExpiringSoon(team, "ultrahuman", marker, 2);
        UUID expired = users.get(0);
        Database.execute("update connections set expires_at = ? where user_id = ?",
                Instant.now().minusSeconds(5).getEpochSecond(), expired);
        ConnectionRefresher withoutUltrahuman = new ConnectionRefresher(repository, refreshService,
                new TokenRefreshAdapters(vertx, withoutTokenUrl("ultrahuman")), config, rounds, metrics);
        double before = metrics.counter("linkops.refresher.unrefreshable").count();

        withoutUltrahuman.runOnce().await().atMost(DEADLINE);

        List<Object> row = Database.rows("select status, error_type, error_message from connections "
                + "where user_id = ?", expired).get(0);
        assertEquals(List.of("error", "token_refresh_failed", ConnectionRefresher.UNREFRESHABLE_MESSAGE), row);
        awaitErrorEventOf(expired);
        assertEquals("connected", Database.rows("select status from connections where user_id = ?", users.get(1))
                .get(0).get(0), "a token that has not expired yet still works");
        assertEquals(0, sentTokens(marker).size());
        assertTrue(metrics.counter("linkops.refresher.unrefreshable").count() - before >= 1.0);
    }

    /** The team's webhook consumers hear of it: a provider.connection.error event on the events topic. */
    private static void awaitErrorEventOf(UUID user) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                KafkaTopics.readAll("linkops.connection-events").stream().anyMatch(record ->
                        user.toString().equals(record.key()) && new String(record.value(), StandardCharsets.UTF_8)
                                .contains("\"provider.connection.error\"")));
    }

    private LinkopsConfig withoutTokenUrl(String slug) {
        Map<String, LinkopsConfig.ProviderSettings> providers = new HashMap<>(config.providers());
        providers.remove(slug);
        return (LinkopsConfig) Proxy.newProxyInstance(LinkopsConfig.class.getClassLoader(),
                new Class<?>[] {LinkopsConfig.class}, (proxy, method, arguments) ->
                        method.getName().equals("providers") ? providers : method.invoke(config, arguments));
    }

    private static void claim(UUID user, String state, Instant until) {
        Database.execute("update connections set refresh_claim_state = ?, refresh_claimed_by = ?, "
                + "refresh_claimed_until = ? where user_id = ?", state, UUID.randomUUID(), Timestamp.from(until), user);
    }

    /** How many times each refresh token carrying the marker reached the fake provider. */
    private Map<String, Long> sentTokens(String marker) {
        return provider.findAll(postRequestedFor(urlEqualTo(FITBIT_TOKEN_PATH))
                        .withRequestBody(containing("refresh_token=rt-" + marker))).stream()
                .map(LoggedRequest::getBodyAsString)
                .map(SENT_TOKEN::matcher)
                .filter(Matcher::find)
                .collect(Collectors.groupingBy(found -> found.group(1), Collectors.counting()));
    }

    private static ResponseDefinitionBuilder tokens(String access, String refresh, long expiresIn) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh + "\",\"expires_in\":"
                        + expiresIn + ",\"token_type\":\"Bearer\"}");
    }
}
