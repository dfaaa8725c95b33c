package io.linkops.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class UnconfirmedEnqueueSweeperTest {

    private static final String LEDGER = "linkops.bulk-op-enqueued";

    @Inject
    UnconfirmedEnqueueSweeper sweeper;

    @Test
    void decidesOpsLeftUnconfirmedPastTheTimeoutFromWhatKafkaCommitted() {
        Teams.TestTeam team = Teams.create("sweep");
        UUID abandoned = insertOp(team.id(), "pending", "10 minutes");
        UUID committedButUnconfirmed = insertOp(team.id(), "pending", "10 minutes");
        UUID recent = insertOp(team.id(), "pending", "10 seconds");
        UUID confirmed = insertOp(team.id(), "committed", "10 minutes");
        // The API died after its transaction committed, and the workers are far behind: only the ledger knows.
        KafkaTopics.produce(List.of(new ProducerRecord<>(LEDGER, committedButUnconfirmed.toString(),
                ("{\"op_id\":\"" + committedButUnconfirmed + "\",\"topic\":\"linkops.connection-imports\","
                        + "\"size\":1,\"last_offsets\":{\"2\":41}}").getBytes(StandardCharsets.UTF_8))));

        // A round leaves ops undecided while a transaction on the ledger is open: sweep until it is decided.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            sweeper.sweep().await().atMost(Duration.ofSeconds(30));
            return "aborted".equals(statusOf(abandoned));
        });

        assertEquals("in_progress", statusOf(committedButUnconfirmed));
        assertEquals(List.of("committed", "{\"2\": 41}"), Database.rows("select enqueue_state, "
                + "record_offsets::text from bulk_ops where id = ?", committedButUnconfirmed).get(0));
        assertEquals("in_progress", statusOf(recent));
        assertEquals("in_progress", statusOf(confirmed));
    }

    private static UUID insertOp(UUID teamId, String enqueueState, String age) {
        UUID id = UUID.randomUUID();
        Database.execute("insert into bulk_ops (id, team_id, type, provider, status, enqueue_state, size, started_at) "
                + "values (?, ?, 'link_bulk_import', 'fitbit', 'in_progress', ?, 1, now() - interval '" + age + "')",
                id, teamId, enqueueState);
        return id;
    }

    private static String statusOf(UUID opId) {
        return (String) Database.rows("select status from bulk_ops where id = ?", opId).get(0).get(0);
    }
}
