package io.linkops.service;

import static io.linkops.testinfra.Teams.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.Ops;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class StalledOpReaperTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    StalledOpReaper reaper;

    @Test
    void endsAnOpWhoseMissingItemsCanNoLongerArriveAndLeavesOnesBehindABacklog() {
        TestTeam team = Teams.createMigrating("stalled", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        UUID stalled = Ops.insertConfirmed(team.id(), "link_bulk_import", users, "1 minute");
        UUID behindBacklog = Ops.insertConfirmed(team.id(), "link_bulk_import", users, "1 minute");
        // The stalled op's only record names no item (a buggy producer), so the worker passes over it: none of its
        // items can arrive any more once the group has committed past that record.
        Map<TopicPartition, Long> written = KafkaTopics.produce(List.of(new ProducerRecord<>(KafkaTopics.IMPORTS,
                stalled.toString(), "unreadable".getBytes(StandardCharsets.UTF_8))));
        TopicPartition partition = written.keySet().iterator().next();
        setOffsets(stalled, partition.partition(), written.get(partition));
        setOffsets(behindBacklog, partition.partition(), 1_000_000_000L);
        await().atMost(DEADLINE).until(() -> KafkaTopics.committedPast(KafkaTopics.IMPORT_GROUP, written));

        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
            reaper.reap().await().atMost(Duration.ofSeconds(30));
            return "failure".equals(Ops.statusOf(stalled));
        });

        as(team).get("/v2/link/bulk_op/" + stalled).then()
                .body("processed", equalTo(3))
                .body("pending", equalTo(0))
                .body("failures.user_id", equalTo(users.stream().map(UUID::toString).toList()))
                .body("failures.error_type", equalTo(List.of("unknown", "unknown", "unknown")))
                .body("failures[0].error_message", equalTo(StalledOpReaper.MISSING_DETAIL));
        reaper.reap().await().atMost(Duration.ofSeconds(30));
        assertEquals("in_progress", Ops.statusOf(behindBacklog));
        assertEquals(0, Ops.recordedItems(behindBacklog));
    }

    private static void setOffsets(UUID opId, int partition, long lastOffset) {
        Database.execute("update bulk_ops set record_offsets = ('{\"" + partition + "\": " + lastOffset
                + "}')::jsonb where id = ?", opId);
    }
}
