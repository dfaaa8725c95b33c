package io.linkops.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.domain.BulkOperationItems;
import io.linkops.domain.FailureReason;
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
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Succeeded imports stored as runs of item indexes keep every promise item rows kept: a redelivery cut into other
 * batches records only what is new, a failure reported later for an item already recorded changes nothing, the
 * reaper names only items truly missing, and the op's items read back in order with the users submitted.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ItemRunsRecordingTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    ConnectionImportRepository imports;

    @Inject
    OpProgressRepository progress;

    @Inject
    BulkOperationRepository operations;

    @Test
    void aRedeliveryCutIntoOtherBatchesRecordsOnlyWhatIsNew() {
        TestTeam team = Teams.create("runs redelivered");
        List<UUID> users = users(3000);
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_import", users, "1 second");

        assertEquals(2000, record(team, opId, successes(users, 0, 2000)).recorded().size());
        BatchRecorded overlapping = record(team, opId, successes(users, 1000, 3000));

        assertEquals(IntStream.range(2000, 3000).boxed().toList(),
                overlapping.recorded().stream().map(ItemOutcome::itemIndex).sorted().toList());
        assertEquals(List.of("success", 3000, 0), counts(opId));
        assertEquals(3000, Ops.recordedItems(opId));
        assertEquals(0, record(team, opId, successes(users, 0, 3000)).recorded().size());
    }

    @Test
    void aFailureReportedLaterForAnItemInsideARunChangesNothing() {
        TestTeam team = Teams.create("runs then failure");
        List<UUID> users = users(10);
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_import", users, "1 second");
        record(team, opId, successes(users, 0, 5));

        BatchRecorded late = progress.record(opId, List.of(ItemOutcome.failed(3, users.get(3), FailureReason.unknown),
                ItemOutcome.failed(7, users.get(7), FailureReason.unknown))).await().atMost(DEADLINE);

        assertEquals(List.of(7), late.recorded().stream().map(ItemOutcome::itemIndex).toList());
        assertEquals(List.of("in_progress", 6, 1), counts(opId));
        assertEquals(0, Database.count("select count(*) from bulk_op_items where op_id = ? and item_index = 3", opId));
    }

    @Test
    void theReaperNamesOnlyItemsNeitherInARunNorInARow() {
        TestTeam team = Teams.create("runs reaped");
        List<UUID> users = users(2100);
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_import", users, "1 second");
        List<ItemOutcome> recorded = new ArrayList<>(successes(users, 0, 1500));
        recorded.add(ItemOutcome.failed(1500, users.get(1500), FailureReason.user_not_found));
        recorded.addAll(successes(users, 1600, 2100));
        record(team, opId, recorded);

        BatchRecorded reaped = progress.recordMissing(opId, "never arrived").await().atMost(DEADLINE);

        assertEquals(99, reaped.missing());
        assertEquals(List.of("failure", 2100, 100), counts(opId));
        assertEquals(99, Database.count("select count(*) from bulk_op_items where op_id = ? "
                + "and error_message = 'never arrived' and item_index between 1501 and 1599", opId));
    }

    @Test
    void theOpsItemsReadBackInIndexOrderWithTheUsersSubmitted() {
        TestTeam team = Teams.create("runs read back");
        List<UUID> users = users(6);
        UUID opId = Ops.insertConfirmed(team.id(), "link_bulk_import", users, "1 second");
        record(team, opId, List.of(ItemOutcome.succeeded(5, users.get(5)),
                ItemOutcome.failed(4, users.get(4), FailureReason.user_not_found),
                ItemOutcome.succeeded(0, users.get(0)), ItemOutcome.succeeded(1, users.get(1)),
                ItemOutcome.failed(2, users.get(2), FailureReason.duplicate_connection),
                ItemOutcome.succeeded(3, users.get(3))));

        BulkOperationItems items = operations.items(opId).await().atMost(DEADLINE);

        assertEquals(List.of(users.get(0), users.get(1), users.get(3), users.get(5)), items.succeeded());
        assertEquals(List.of(users.get(2), users.get(4)), items.failures().stream().map(f -> f.userId()).toList());
        assertEquals(List.of(FailureReason.duplicate_connection, FailureReason.user_not_found),
                items.failures().stream().map(f -> f.reason()).toList());
    }

    private BatchRecorded record(TestTeam team, UUID opId, List<ItemOutcome> outcomes) {
        return imports.recordBatch(opId, team.id(), Provider.FITBIT, null, outcomes, Map.of(), Map.of())
                .await().atMost(DEADLINE);
    }

    private static List<Object> counts(UUID opId) {
        return Database.rows("select status, processed, failed from bulk_ops where id = ?", opId).get(0);
    }

    private static List<ItemOutcome> successes(List<UUID> users, int from, int to) {
        return IntStream.range(from, to).mapToObj(index -> ItemOutcome.succeeded(index, users.get(index))).toList();
    }

    private static List<UUID> users(int count) {
        return IntStream.range(0, count).mapToObj(i -> UUID.randomUUID()).toList();
    }
}
