package io.linkops.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linkops.service.EnqueueFailedException;
import io.linkops.testinfra.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An op whose records cannot all be built fails its enqueue with nothing visible, and leaves no transaction open on
 * the real broker: an open one would hold every read_committed reader of its partition back until it timed out.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class UnbuildableRecordTest {

    private static final int RECORDS = 300;
    private static final int UNBUILDABLE = 250;
    // Records this large fill the producer's batches, so those before the bad one reach the broker at once.
    private static final String SEALED_TOKEN = "x".repeat(2048);

    @Inject
    OpRecordPublisher publisher;

    @Test
    void aRecordThatCannotBeBuiltAbortsTheTransaction() throws Exception {
        String topic = "unbuildable-" + UUID.randomUUID();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            UUID opId = UUID.randomUUID();
            UUID teamId = UUID.randomUUID();

            EnqueueFailedException failed = assertThrows(EnqueueFailedException.class, () -> publisher
                    .publish(topic, opId, RECORDS, index -> {
                        if (index == UNBUILDABLE) {
                            throw new IllegalStateException("item " + index + " cannot be sealed");
                        }
                        return new ConnectionImportRequested(opId, teamId, "oura", index, UUID.randomUUID(),
                                "account-" + index, SEALED_TOKEN, SEALED_TOKEN, 0, List.of());
                    })
                    .await().atMost(Duration.ofSeconds(30)));
            assertEquals(opId, failed.opId());
            assertInstanceOf(IllegalStateException.class, failed.getCause());

            // The records sent before the bad one are in the log (the open transaction's records until it ends): the
            // last stable offset must reach the end of the log, past an abort marker, long before the 60 s timeout.
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                long lastStable = offset(admin, partition, IsolationLevel.READ_COMMITTED);
                return lastStable > 0 && lastStable == offset(admin, partition, IsolationLevel.READ_UNCOMMITTED);
            });
        }
    }

    private static long offset(Admin admin, TopicPartition partition, IsolationLevel isolation) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(isolation)).all()
                .get().get(partition).offset();
    }
}
