package io.linkops.messaging;

import static io.linkops.testinfra.Teams.as;
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
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ConnectionImportPipelineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @Inject
    SecretCipher cipher;

    @Inject
    ObjectMapper mapper;

    @Test
    void importsTenThousandConnectionsWithExactCounts() {
        TestTeam team = Teams.createMigrating("ten-thousand", "fitbit");
        Database.execute("insert into users (id, team_id, client_user_id, created_at) "
                + "select gen_random_uuid(), ?, 'seed-' || g, now() from generate_series(1, 10000) g", team.id());
        List<UUID> users = Database.rows("select id from users where team_id = ?", team.id()).stream()
                .map(row -> (UUID) row.get(0)).toList();
        assertEquals(10_000, users.size());

        String opId = as(team).body(Recipes.body("fitbit", users, "bulk", false)).post("/v2/link/bulk_import")
                .then().statusCode(202).extract().path("bulk_op_id");
        awaitStatus(team, opId, "success");

        as(team).get("/v2/link/bulk_op/" + opId).then().body("processed", equalTo(10_000)).body("pending", equalTo(0));
        assertEquals(10_000, Database.count("select count(*) from connections where team_id = ?", team.id()));
        assertEquals(10_000, Ops.recordedItems(opId));
        assertEquals(10_000, Database.count("select count(distinct user_id) from connections where team_id = ?",
                team.id()));
        List<List<Object>> stored = Database.rows("select user_id, access_token, refresh_token from connections "
                + "where team_id = ?", team.id());
        for (List<Object> row : stored) {
            UUID userId = (UUID) row.get(0);
            assertEquals(Recipes.accessToken(userId, "bulk"), cipher.decrypt((byte[]) row.get(1),
                    SecretOwner.ofConnection(team.id(), userId, "fitbit", "access_token")));
            assertEquals(Recipes.refreshToken(userId, "bulk"), cipher.decrypt((byte[]) row.get(2),
                    SecretOwner.ofConnection(team.id(), userId, "fitbit", "refresh_token")));
        }
    }

    @Test
    void redeliveredRecordsChangeNothing() {
        TestTeam team = Teams.createMigrating("redelivery", "oura");
        List<UUID> users = Teams.createUsers(team, 50);
        String opId = as(team).body(Recipes.body("oura", users, "once", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success")).extract().path("bulk_op_id");
        List<List<Object>> before = Database.rows("select id, updated_at, access_token from connections "
                + "where team_id = ? order by id", team.id());

        List<ProducerRecord<String, byte[]>> again = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : KafkaTopics.readAll(KafkaTopics.IMPORTS)) {
            if (opId.equals(record.key())) {
                again.add(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
            }
        }
        assertEquals(50, again.size());
        Map<TopicPartition, Long> written = KafkaTopics.produce(again);
        await().atMost(DEADLINE).until(() -> KafkaTopics.committedPast(KafkaTopics.IMPORT_GROUP, written));

        as(team).get("/v2/link/bulk_op/" + opId).then().body("processed", equalTo(50)).body("status",
                equalTo("success"));
        assertEquals(50, Ops.recordedItems(opId));
        List<List<Object>> after = Database.rows("select id, updated_at, access_token from connections "
                + "where team_id = ? order by id", team.id());
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).get(0), after.get(i).get(0));
            assertEquals(before.get(i).get(1), after.get(i).get(1), "a redelivered record rewrote a connection");
        }
    }

    @Test
    void oneOpIsDealtRoundEveryPartitionAndItsWorkersCatchAProviderAccountClaimedTwice() {
        TestTeam team = Teams.createMigrating("spread", "fitbit");
        Database.execute("insert into users (id, team_id, client_user_id, created_at) "
                + "select gen_random_uuid(), ?, 'spread-' || g, now() from generate_series(1, 2001) g", team.id());
        List<UUID> users = Database.rows("select id from users where team_id = ? order by client_user_id",
                team.id()).stream().map(row -> (UUID) row.get(0)).toList();
        List<Map<String, Object>> connections = new ArrayList<>();
        for (UUID user : users) {
            connections.add(Recipes.recipe(user, "spread"));
        }
        // Items 0 and 2000 land in different runs, so on different partitions and consumers.
        connections.get(0).put("provider_id", "SHARED-ACCOUNT");
        connections.get(2000).put("provider_id", "SHARED-ACCOUNT");

        String opId = as(team).body(Recipes.body("fitbit", connections, false)).post("/v2/link/bulk_import")
                .then().statusCode(202).extract().path("bulk_op_id");
        awaitStatus(team, opId, "failure");

        Map<Integer, Long> perPartition = new TreeMap<>();
        KafkaTopics.readAll(KafkaTopics.IMPORTS).stream().filter(record -> opId.equals(record.key()))
                .forEach(record -> perPartition.merge(record.partition(), 1L, Long::sum));
        assertEquals(Set.of(0, 1, 2, 3), perPartition.keySet(), "the op's records per partition: " + perPartition);
        assertEquals(2001L, perPartition.values().stream().mapToLong(Long::longValue).sum());
        as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("processed", equalTo(2001))
                .body("failures.size()", equalTo(1))
                .body("failures[0].error_type", equalTo("duplicate_connection"));
        assertEquals(2000, Database.count("select count(*) from connections where team_id = ?", team.id()));
        assertEquals(1, Database.count("select count(*) from connections where team_id = ? "
                + "and provider_user_id = 'SHARED-ACCOUNT'", team.id()));
        assertEquals(2001, Ops.recordedItems(opId));
    }

    @Test
    void poisonRecordIsRecordedAsFailedAndDoesNotStallItsOp() throws Exception {
        TestTeam team = Teams.createMigrating("poison", "fitbit");
        List<UUID> users = Teams.createUsers(team, 2);
        String firstOp = as(team).body(Recipes.body("fitbit", users.subList(0, 1), "seed", true))
                .post("/v2/link/bulk_import").then().statusCode(200).extract().path("bulk_op_id");
        ConsumerRecord<String, byte[]> valid = KafkaTopics.readAll(KafkaTopics.IMPORTS).stream()
                .filter(record -> firstOp.equals(record.key())).findFirst().orElseThrow();

        // As the API writes it: the op and the users submitted for its items.
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_import", users, "0 seconds");
        ObjectNode payload = (ObjectNode) mapper.readTree(valid.value());
        payload.put("op_id", opId.toString());
        payload.put("item_index", 0);
        ProducerRecord<String, byte[]> goodItem = new ProducerRecord<>(KafkaTopics.IMPORTS, opId.toString(),
                mapper.writeValueAsBytes(payload));
        ProducerRecord<String, byte[]> anonymousGarbage = new ProducerRecord<>(KafkaTopics.IMPORTS, opId.toString(),
                "{not json".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(KafkaTopics.IMPORTS, opId.toString(),
                "\u0000\u0001garbage".getBytes(StandardCharsets.UTF_8));
        poison.headers()
                .add(new RecordHeader(OpRecordHeaders.OP_ID, opId.toString().getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader(OpRecordHeaders.ITEM_INDEX, "1".getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader(OpRecordHeaders.USER_ID,
                        users.get(1).toString().getBytes(StandardCharsets.UTF_8)));
        KafkaTopics.produce(List.of(anonymousGarbage, poison, goodItem));

        awaitStatus(team, opId.toString(), "failure");
        as(team).get("/v2/link/bulk_op/" + opId).then()
                .body("processed", equalTo(2))
                .body("imported[0]", equalTo(users.get(0).toString()))
                .body("failures[0].user_id", equalTo(users.get(1).toString()))
                .body("failures[0].error_type", equalTo("unknown"));
    }

    private static void awaitStatus(TestTeam team, String opId, String status) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as(team).get("/v2/link/bulk_op/" + opId).then().statusCode(200).body("status", equalTo(status)));
    }
}
