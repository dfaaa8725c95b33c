package io.linkops.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.ItemOutcome;
import io.linkops.domain.Provider;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.Ops;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two workers recording the last items of one op at the same moment, on the real database. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ConcurrentOpFinishTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    ConnectionImportRepository imports;

    @Test
    void workersRecordingAnOpsLastItemsTogetherFinishItExactlyOnce() {
        TestTeam team = Teams.create("concurrent finish");
        for (int round = 0; round < 25; round++) {
            int half = round % 2 == 0 ? 1 : 150;
            UUID opId = op(team, 2 * half);
            List<ItemOutcome> first = outcomes(0, half);
            List<ItemOutcome> second = outcomes(half, 2 * half);

            List<BatchRecorded> recorded = Uni.join().all(record(team, opId, first), record(team, opId, second))
                    .andFailFast().await().atMost(DEADLINE);

            assertEquals(1, recorded.stream().filter(BatchRecorded::finishedNow).count(),
                    "round " + round + ": exactly one batch finishes the op: " + recorded);
            assertEquals(List.of("success", 2 * half, 0), Database.rows("select status, processed, failed "
                    + "from bulk_ops where id = ?", opId).get(0), "round " + round);
            assertEquals(2 * half, Ops.recordedItems(opId));
            BatchRecorded redelivered = record(team, opId, first).await().atMost(DEADLINE);
            assertEquals(BatchRecorded.nothingNew(BulkOpStatus.success), redelivered, "a redelivery changes nothing");
            assertEquals(2 * half, ((Number) Database.rows("select processed from bulk_ops where id = ?", opId)
                    .get(0).get(0)).intValue());
        }
    }

    @Test
    void anItemRecordedByTwoWorkersAtOnceIsCountedOnce() {
        TestTeam team = Teams.create("concurrent duplicate");
        for (int round = 0; round < 10; round++) {
            UUID opId = op(team, 3);
            List<ItemOutcome> overlapping = outcomes(1, 3);

            List<BatchRecorded> recorded = Uni.join().all(record(team, opId, outcomes(0, 2)),
                    record(team, opId, overlapping)).andFailFast().await().atMost(DEADLINE);

            assertEquals(1, recorded.stream().filter(BatchRecorded::finishedNow).count(), recorded.toString());
            assertEquals(List.of("success", 3, 0), Database.rows("select status, processed, failed from bulk_ops "
                    + "where id = ?", opId).get(0));
        }
    }

    private Uni<BatchRecorded> record(TestTeam team, UUID opId, List<ItemOutcome> outcomes) {
        return imports.recordBatch(opId, team.id(), Provider.FITBIT, null, outcomes, Map.of(), Map.of());
    }

    private static List<ItemOutcome> outcomes(int from, int to) {
        return IntStream.range(from, to).mapToObj(index -> ItemOutcome.succeeded(index, UUID.randomUUID())).toList();
    }

    private static UUID op(TestTeam team, int size) {
        UUID opId = UUID.randomUUID();
        Database.execute("insert into bulk_ops (id, team_id, type, provider, status, enqueue_state, size, started_at) "
                + "values (?, ?, 'link_bulk_import', 'fitbit', 'in_progress', 'committed', ?, now())", opId, team.id(),
                size);
        return opId;
    }
}
