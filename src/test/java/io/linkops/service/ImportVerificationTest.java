package io.linkops.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.linkops.testinfra.Teams.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** whoop_v2 runs with verification=refresh in the test profile. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ImportVerificationTest {

    private static final String TOKEN_PATH = "/whoop/oauth/oauth2/token";

    private final WireMockServer provider = RealInfrastructure.oauthProvider();

    @Test
    void refreshVerificationStoresTheRotatedPairAndFailsForeignTokensAtImport() {
        TestTeam team = Teams.createMigrating("verify", "whoop_v2");
        List<UUID> users = Teams.createUsers(team, 3);
        UUID good = users.get(0);
        UUID foreign = users.get(1);
        UUID revoked = users.get(2);
        stub(good, aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                "{\"access_token\":\"at-rotated-" + good + "\",\"refresh_token\":\"rt-rotated-" + good
                        + "\",\"expires_in\":3600}"));
        stub(foreign, aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\"}"));
        stub(revoked, aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\"}"));

        String opId = as(team).body(Recipes.body("whoop_v2", users, "v", true)).post("/v2/link/bulk_import")
                .then().statusCode(200)
                .body("status", equalTo("failure"))
                .body("user_ids_imported", containsInAnyOrder(good.toString()))
                .body("user_ids_failed", containsInAnyOrder(foreign.toString(), revoked.toString()))
                .extract().path("bulk_op_id");
        as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("failures.find { it.user_id == '" + foreign + "' }.error_type",
                        equalTo("provider_credential_error"))
                .body("failures.find { it.user_id == '" + revoked + "' }.error_type", equalTo("token_refresh_failed"));
        Map<String, Object> export = new HashMap<>();
        export.put("provider", "whoop_v2");
        as(team).body(export).post("/v2/link/bulk_export").then().statusCode(200)
                .body("data[0].user_id", equalTo(good.toString()))
                .body("data[0].access_token", equalTo("at-rotated-" + good))
                .body("data[0].refresh_token", equalTo("rt-rotated-" + good));
        provider.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withRequestBody(containing("client_id=client-whoop_v2"))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(good, "v"))));

        // A redelivered record must not spend the single-use token again.
        List<ProducerRecord<String, byte[]>> again = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : KafkaTopics.readAll(KafkaTopics.IMPORTS)) {
            if (opId.equals(record.key())) {
                again.add(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
            }
        }
        Map<TopicPartition, Long> written = KafkaTopics.produce(again);
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaTopics.committedPast(KafkaTopics.IMPORT_GROUP, written));
        provider.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(good, "v"))));
    }

    @Test
    void aProviderTurningOneItemAwaySpendsNoOtherTokenTwiceAndKeepsEveryRotatedPair() {
        TestTeam team = Teams.createMigrating("verify-429", "whoop_v2");
        List<UUID> users = Teams.createUsers(team, 3);
        UUID busy = users.get(2);
        for (UUID user : users.subList(0, 2)) {
            stub(user, "w", rotated(user));
        }
        provider.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("busy-" + busy)
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(busy, "w")))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("served"));
        provider.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("busy-" + busy)
                .whenScenarioStateIs("served")
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(busy, "w")))
                .willReturn(rotated(busy)));

        String opId = as(team).body(Recipes.body("whoop_v2", users, "w", false)).post("/v2/link/bulk_import")
                .then().statusCode(202).extract().path("bulk_op_id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as(team).get("/v2/link/bulk_op/" + opId).then().body("status", equalTo("success")));

        for (UUID user : users.subList(0, 2)) {
            provider.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                    .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "w"))));
        }
        provider.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(busy, "w"))));
        Map<String, Object> export = new HashMap<>();
        export.put("provider", "whoop_v2");
        export.put("user_ids", users.stream().map(UUID::toString).toList());
        List<String> exported = new ArrayList<>();
        String next = null;
        do {
            export.put("next_token", next);
            var page = as(team).body(export).post("/v2/link/bulk_export").then().statusCode(200).extract();
            exported.addAll(page.path("data.access_token"));
            next = page.path("next_token");
        } while (next != null);
        assertEquals(users.stream().map(user -> "at-rotated-" + user).sorted().toList(),
                exported.stream().sorted().toList());
    }

    private static ResponseDefinitionBuilder rotated(UUID user) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                "{\"access_token\":\"at-rotated-" + user + "\",\"refresh_token\":\"rt-rotated-" + user
                        + "\",\"expires_in\":3600}");
    }

    private void stub(UUID user, String marker, ResponseDefinitionBuilder response) {
        provider.stubFor(post(urlEqualTo(TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, marker)))
                .willReturn(response));
    }

    private void stub(UUID user, ResponseDefinitionBuilder response) {
        provider.stubFor(post(urlEqualTo(TOKEN_PATH))
                .withRequestBody(containing("refresh_token=" + Recipes.refreshToken(user, "v")))
                .willReturn(response));
    }
}
