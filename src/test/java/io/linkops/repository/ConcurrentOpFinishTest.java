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

    @Inject
    OpProgressRepository progress;

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

    @Test
    void aCancelRacingTwoWorkersLeavesEveryItemCountedOnceAsAppliedOrCancelled() {
        TestTeam team = Teams.create("concurrent cancel");
        UUID between = opWithUsers(team, 6);
        record(team, between, outcomes(0, 3)).await().atMost(DEADLINE);
        assertEquals(new OpCancellation(BulkOpStatus.aborted, true, 3),
                progress.cancel(team.id(), between, "cancelled").await().atMost(DEADLINE));
        assertEquals(BatchRecorded.nothingNew(BulkOpStatus.aborted),
                record(team, between, outcomes(3, 6)).await().atMost(DEADLINE), "late items are not applied");
        assertEquals(List.of("aborted", 6, 3), Database.rows("select status, processed, failed from bulk_ops "
                + "where id = ?", between).get(0));
        assertEquals(3, Ops.recordedSuccesses(between));
        assertEquals(null, progress.cancel(Teams.create("not the owner").id(), between, "cancelled")
                .await().atMost(DEADLINE), "another team's op is not found");

        for (int round = 0; round < 20; round++) {
            int half = round % 2 == 0 ? 3 : 400;
            UUID opId = opWithUsers(team, 2 * half);

            List<Object> outcomes = Uni.join().all(
                    record(team, opId, outcomes(0, half)).map(Object.class::cast),
                    progress.cancel(team.id(), opId, "cancelled").map(Object.class::cast),
                    record(team, opId, outcomes(half, 2 * half)).map(Object.class::cast))
                    .andFailFast().await().atMost(DEADLINE);

            OpCancellation cancellation = (OpCancellation) outcomes.get(1);
            List<Object> row = Database.rows("select status, processed, failed from bulk_ops where id = ?", opId)
                    .get(0);
            long cancelled = Database.count("select count(*) from bulk_op_items where op_id = ? "
                    + "and error_type = 'cancelled'", opId);
            assertEquals(2 * half, ((Number) row.get(1)).intValue(), "round " + round + ": every item counted once");
            assertEquals(2 * half, Ops.recordedItems(opId), "round " + round);
            assertEquals(cancelled, ((Number) row.get(2)).longValue(), "round " + round);
            assertEquals(2 * half, Ops.recordedSuccesses(opId) + cancelled, "round " + round);
            if (cancellation.cancelledNow()) {
                assertEquals("aborted", row.get(0), "round " + round);
                assertEquals(cancelled, cancellation.cancelledItems(), "round " + round);
            } else {
                assertEquals("success", row.get(0), "round " + round + ": a cancel that came last changes nothing");
                assertEquals(0, cancelled);
            }
            assertEquals(BatchRecorded.nothingNew(BulkOpStatus.valueOf((String) row.get(0))),
                    record(team, opId, outcomes(0, half)).await().atMost(DEADLINE), "a redelivery changes nothing");
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

    private static UUID opWithUsers(TestTeam team, int size) {
        return Ops.insertConfirmed(team.id(), "link_bulk_import",
                IntStream.range(0, size).mapToObj(i -> UUID.randomUUID()).toList(), "0 seconds");
    }
}
