package io.linkops.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.linkops.testinfra.Teams.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.service.TokenRefreshService;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ConnectionEventsTest {

    private static final String EVENTS = "linkops.connection-events";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    ObjectMapper mapper;

    @Inject
    TokenRefreshService refreshService;

    @Test
    void everyImportedConnectionIsAnnouncedInJunctionsShape() {
        TestTeam team = Teams.createMigrating("events", "oura");
        String clientUserId = Teams.unique("evented");
        UUID user = Teams.createUser(team, clientUserId);
        as(team).body(Recipes.body("oura", List.of(user), "ev", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success"));

        JsonNode event = await().atMost(DEADLINE).until(() -> eventOf(user, "provider.connection.created"),
                found -> found != null);
        assertEquals(team.id().toString(), event.get("team_id").asText());
        assertEquals(clientUserId, event.get("client_user_id").asText());
        assertEquals(user.toString(), event.get("data").get("user_id").asText());
        assertEquals("oura", event.get("data").get("provider").get("slug").asText());
        assertEquals("Oura", event.get("data").get("provider").get("name").asText());
        assertEquals("https://storage.googleapis.com/vital-assets/oura.png",
                event.get("data").get("provider").get("logo").asText());
        assertTrue(event.get("data").get("resource_availability").isObject());
        assertEquals("provider.connection.created", event.get("event_type").asText());
        assertEquals(user.toString(), event.get("user_id").asText());
        UUID.fromString(event.get("event_id").asText());
        await().atMost(DEADLINE).until(() -> Database.count("select count(*) from connection_events where team_id = ?",
                team.id()) == 0);
    }

    @Test
    void aConnectionGoingToErrorIsAnnounced() {
        TestTeam team = Teams.createMigrating("error-events", "oura");
        UUID user = Teams.createUser(team, Teams.unique("erring"));
        Map<String, Object> recipe = Recipes.recipe(user, "err");
        recipe.put("expires_at", Instant.now().plusSeconds(60).getEpochSecond());
        as(team).body(Recipes.body("oura", List.of(recipe), true)).post("/v2/link/bulk_import")
                .then().statusCode(200);
        RealInfrastructure.oauthProvider().stubFor(post(urlEqualTo("/oura/oauth/token"))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "err")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\"}")));
        UUID connection = (UUID) Database.rows("select id from connections where user_id = ?", user).get(0).get(0);
        refreshService.refresh(connection, true).await().atMost(DEADLINE);

        JsonNode event = await().atMost(DEADLINE).until(() -> eventOf(user, "provider.connection.error"),
                found -> found != null);
        assertEquals("token_refresh_failed", event.get("data").get("error_type").asText());
        assertEquals("oura", event.get("data").get("provider").get("slug").asText());
        assertNotNull(event.get("data").get("errored_at").asText());
    }

    @Test
    void anEventClaimedByARelayThatDiedGoesOutWithItsEventIdWhenTheClaimExpires() {
        TestTeam team = Teams.createMigrating("relay-lease", "oura");
        UUID user = Teams.createUser(team, Teams.unique("leased"));
        UUID eventId = UUID.randomUUID();
        String payload = "{\"event_id\":\"" + eventId + "\",\"event_type\":\"provider.connection.created\","
                + "\"team_id\":\"" + team.id() + "\",\"user_id\":\"" + user + "\"}";
        // A relay claimed the event, may have sent it, and died before deleting it.
        Database.execute("insert into connection_events (id, team_id, user_id, event_type, payload, claim_id, "
                + "claimed_until) values (?, ?, ?, 'provider.connection.created', ?, gen_random_uuid(), "
                + "now() + interval '1 hour')", eventId, team.id(), user, payload);
        await().during(Duration.ofSeconds(3)).atMost(DEADLINE)
                .until(() -> eventOf(user, "provider.connection.created") == null);

        Database.execute("update connection_events set claimed_until = now() where id = ?", eventId);
        JsonNode event = await().atMost(DEADLINE).until(() -> eventOf(user, "provider.connection.created"),
                found -> found != null);
        assertEquals(eventId.toString(), event.get("event_id").asText());
        await().atMost(DEADLINE).until(() -> Database.count("select count(*) from connection_events where id = ?",
                eventId) == 0);
    }

    @Test
    void anEarlierImportBatchRowIsStillRelayedOneByOneWithTheEventIdsItHolds() {
        TestTeam team = Teams.createMigrating("batched-events", "oura");
        UUID first = Teams.createUser(team, Teams.unique("batched"));
        UUID second = Teams.createUser(team, Teams.unique("batched"));
        UUID firstEvent = UUID.randomUUID();
        UUID secondEvent = UUID.randomUUID();
        String payload = first + " " + createdEvent(firstEvent, team.id(), first) + "\n" + second + " "
                + createdEvent(secondEvent, team.id(), second);
        // A relay claimed the batch's row, may have sent part of it, and died before deleting it.
        Database.execute("insert into connection_events (id, team_id, user_id, event_type, payload, claim_id, "
                + "claimed_until) values (gen_random_uuid(), ?, null, 'provider.connection.created', ?, "
                + "gen_random_uuid(), now())", team.id(), payload);

        JsonNode one = await().atMost(DEADLINE).until(() -> eventOf(first, "provider.connection.created"),
                found -> found != null);
        JsonNode other = await().atMost(DEADLINE).until(() -> eventOf(second, "provider.connection.created"),
                found -> found != null);

        assertEquals(firstEvent.toString(), one.get("event_id").asText());
        assertEquals(secondEvent.toString(), other.get("event_id").asText());
        assertEquals(first.toString(), one.get("user_id").asText());
        await().atMost(DEADLINE).until(() -> Database.count("select count(*) from connection_events where team_id = ?",
                team.id()) == 0);
    }

    private static String createdEvent(UUID eventId, UUID teamId, UUID user) {
        return "{\"event_id\":\"" + eventId + "\",\"event_type\":\"provider.connection.created\",\"team_id\":\""
                + teamId + "\",\"user_id\":\"" + user + "\",\"data\":{\"user_id\":\"" + user + "\"}}";
    }

    private JsonNode eventOf(UUID user, String type) {
        for (ConsumerRecord<String, byte[]> record : KafkaTopics.readAll(EVENTS)) {
            if (!user.toString().equals(record.key())) {
                continue;
            }
            try {
                JsonNode event = mapper.readTree(record.value());
                if (type.equals(event.get("event_type").asText())) {
                    return event;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }
}
