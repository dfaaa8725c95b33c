package io.linkops.messaging;

import static io.linkops.testinfra.Teams.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.Ops;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Records a buggy producer or a mixed-version rollout could write, straight to the work topics on the real broker:
 * each is recorded as a failed item of its op or passed over, the named ops end with exact counts, readiness stays
 * UP, and new ops on every partition still complete.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class PoisonRecordsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String HISTORICAL_TOPIC = "linkops.historical-pull-triggers";
    private static final int TEST_PARTITIONS = 4;

    @Inject
    ObjectMapper mapper;

    @Inject
    SecretCipher cipher;

    @Inject
    MeterRegistry registry;

    @Test
    void importRecordsOfEveryBadShapeAreRecordedOrPassedOverAndTheOpEndsExactly() throws Exception {
        TestTeam team = Teams.createMigrating("poison-import", "fitbit");
        List<UUID> users = Teams.createUsers(team, 8);
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_import", users, "0 seconds");
        double unattributableBefore = unattributable();

        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(withHeaders(record(KafkaTopics.IMPORTS, opId, "\u0000\u0001garbage".getBytes(
                StandardCharsets.UTF_8)), opId, 0, null));
        ObjectNode missingIndex = importPayload(team, opId, 1, users.get(1));
        missingIndex.remove("item_index");
        records.add(withHeaders(record(KafkaTopics.IMPORTS, opId, missingIndex), opId, 1, users.get(1)));
        ObjectNode nullUser = importPayload(team, opId, 2, users.get(2));
        nullUser.putNull("user_id");
        records.add(withHeaders(record(KafkaTopics.IMPORTS, opId, nullUser), opId, 2, null));
        ObjectNode unknownProvider = importPayload(team, opId, 3, users.get(3));
        unknownProvider.put("provider", "no_such_provider");
        records.add(withHeaders(record(KafkaTopics.IMPORTS, opId, unknownProvider), opId, 3, users.get(3)));
        ObjectNode refusedText = importPayload(team, opId, 4, users.get(4));
        refusedText.put("provider_user_id", "nul\u0000inside");
        records.add(withHeaders(record(KafkaTopics.IMPORTS, opId, refusedText), opId, 4, users.get(4)));
        ObjectNode notBase64 = importPayload(team, opId, 5, users.get(5));
        notBase64.put("access_token", "%%% not base64 %%%");
        records.add(withHeaders(record(KafkaTopics.IMPORTS, opId, notBase64), opId, 5, users.get(5)));
        records.add(record(KafkaTopics.IMPORTS, opId, importPayload(team, opId, 6, users.get(6))));
        records.add(record(KafkaTopics.IMPORTS, opId, importPayload(team, opId, 7, users.get(7))));
        // Passed over: an index the op does not have, an op that does not exist, and bytes with no identity at all.
        records.add(withHeaders(record(KafkaTopics.IMPORTS, opId, importPayload(team, opId, 99, users.get(0))),
                opId, 99, users.get(0)));
        UUID ghostOp = UUID.randomUUID();
        records.add(withHeaders(record(KafkaTopics.IMPORTS, ghostOp, importPayload(team, ghostOp, 0, users.get(0))),
                ghostOp, 0, users.get(0)));
        records.add(record(KafkaTopics.IMPORTS, opId, "{not json".getBytes(StandardCharsets.UTF_8)));
        // A redelivery of an item already recorded changes nothing.
        records.add(record(KafkaTopics.IMPORTS, opId, importPayload(team, opId, 6, users.get(6))));
        KafkaTopics.produce(records);

        awaitStatus(team, opId, "failure");
        as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("processed", equalTo(8))
                .body("pending", equalTo(0))
                .body("imported", equalTo(List.of(users.get(6).toString(), users.get(7).toString())))
                .body("failures.size()", equalTo(6))
                .body("failures.error_type", equalTo(List.of("unknown", "unknown", "unknown", "unknown", "unknown",
                        "unknown")))
                .body("failures.user_id", equalTo(users.subList(0, 6).stream().map(UUID::toString).toList()));
        assertEquals(8, Ops.recordedItems(opId));
        assertEquals(2, Database.count("select count(*) from connections where team_id = ?", team.id()));
        await().atMost(DEADLINE).until(() -> unattributable() - unattributableBefore >= 3);
        assertStillServing();
    }

    @Test
    void historicalRecordsThatCannotBeReadAreRecordedAsFailedSoTheOpEnds() throws Exception {
        TestTeam team = Teams.createMigrating("poison-pull", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_historical_trigger", users, "0 seconds");

        ObjectNode nullUser = pullPayload(team, opId, 1, users.get(1));
        nullUser.putNull("user_id");
        KafkaTopics.produce(List.of(
                withHeaders(record(HISTORICAL_TOPIC, opId, "\u0000garbage".getBytes(StandardCharsets.UTF_8)),
                        opId, 0, users.get(0)),
                withHeaders(record(HISTORICAL_TOPIC, opId, nullUser), opId, 1, null),
                record(HISTORICAL_TOPIC, opId, pullPayload(team, opId, 2, users.get(2)))));

        awaitStatus(team, opId, "failure");
        as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("processed", equalTo(3))
                .body("failures.error_type", equalTo(List.of("unknown", "unknown", "connection_not_found")))
                .body("failures.user_id", equalTo(users.stream().map(UUID::toString).toList()));
        assertStillServing();
    }

    @Test
    void anOpRowTheCodeCannotMapFailsItsItemsWithoutStoppingTheConsumer() throws Exception {
        TestTeam team = Teams.createMigrating("poison-row", "fitbit");
        List<UUID> users = Teams.createUsers(team, 1);
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_import", users, "0 seconds");
        Database.execute("update bulk_ops set provider = 'retired_provider' where id = ?", opId);

        KafkaTopics.produce(List.of(record(KafkaTopics.IMPORTS, opId, importPayload(team, opId, 0, users.get(0)))));

        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> "failure".equals(
                Ops.statusOf(opId)));
        assertEquals("unknown", Database.rows("select error_type from bulk_op_items where op_id = ?", opId)
                .get(0).get(0));
        assertStillServing();
    }

    /** Readiness is UP and fresh ops complete on every partition of the import topic. */
    private void assertStillServing() {
        // A channel stopped by a record would keep readiness DOWN; a database pool still recovering from an earlier
        // test's restart only flaps it, so readiness must be UP within the deadline, not at this very instant.
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() ->
                given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        TestTeam team = Teams.createMigrating("after-poison", "fitbit");
        List<UUID> users = Teams.createUsers(team, 1);
        Set<Integer> partitionsSeen = new HashSet<>();
        for (int attempt = 0; attempt < 60 && partitionsSeen.size() < TEST_PARTITIONS; attempt++) {
            String opId = as(team).body(Recipes.body("fitbit", users, "after" + attempt, true))
                    .post("/v2/link/bulk_import").then().statusCode(200).body("status", equalTo("success"))
                    .extract().path("bulk_op_id");
            partitionsSeen.add(Utils.toPositive(Utils.murmur2(opId.getBytes(StandardCharsets.UTF_8)))
                    % TEST_PARTITIONS);
        }
        assertEquals(TEST_PARTITIONS, partitionsSeen.size(), "ops completed on partitions " + partitionsSeen);
    }

    private ObjectNode importPayload(TestTeam team, UUID opId, int index, UUID userId) {
        ObjectNode payload = mapper.createObjectNode();
        payload.put("op_id", opId.toString());
        payload.put("team_id", team.id().toString());
        payload.put("provider", "fitbit");
        payload.put("item_index", index);
        payload.put("user_id", userId.toString());
        payload.put("provider_user_id", "FB-" + userId);
        payload.put("access_token", sealed(team, userId, "access_token"));
        payload.put("refresh_token", sealed(team, userId, "refresh_token"));
        payload.put("expires_at", 1_900_000_000L);
        payload.putArray("oauth_scopes").add("sleep");
        return payload;
    }

    private ObjectNode pullPayload(TestTeam team, UUID opId, int index, UUID userId) {
        ObjectNode payload = mapper.createObjectNode();
        payload.put("op_id", opId.toString());
        payload.put("team_id", team.id().toString());
        payload.put("provider", "fitbit");
        payload.put("item_index", index);
        payload.put("user_id", userId.toString());
        return payload;
    }

    private String sealed(TestTeam team, UUID userId, String field) {
        return Base64.getEncoder().encodeToString(cipher.encrypt("token-" + userId,
                SecretOwner.ofConnection(team.id(), userId, "fitbit", field)));
    }

    private ProducerRecord<String, byte[]> record(String topic, UUID opId, ObjectNode payload) throws Exception {
        return record(topic, opId, mapper.writeValueAsBytes(payload));
    }

    private static ProducerRecord<String, byte[]> record(String topic, UUID opId, byte[] value) {
        return new ProducerRecord<>(topic, opId.toString(), value);
    }

    private static ProducerRecord<String, byte[]> withHeaders(ProducerRecord<String, byte[]> record, UUID opId,
            int index, UUID userId) {
        record.headers()
                .add(new RecordHeader(OpRecordHeaders.OP_ID, opId.toString().getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader(OpRecordHeaders.ITEM_INDEX,
                        String.valueOf(index).getBytes(StandardCharsets.UTF_8)));
        if (userId != null) {
            record.headers().add(new RecordHeader(OpRecordHeaders.USER_ID,
                    userId.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    private double unattributable() {
        return registry.find("linkops.worker.records.unattributable").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    private static void awaitStatus(TestTeam team, UUID opId, String status) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as(team).get("/v2/link/bulk_op/" + opId).then().statusCode(200).body("status", equalTo(status)));
    }
}
