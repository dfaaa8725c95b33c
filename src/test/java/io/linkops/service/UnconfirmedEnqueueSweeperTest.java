package io.linkops.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class UnconfirmedEnqueueSweeperTest {

    @Inject
    UnconfirmedEnqueueSweeper sweeper;

    @Test
    void abortsOnlyOpsLeftUnconfirmedPastTheTimeout() {
        Teams.TestTeam team = Teams.create("sweep");
        UUID abandoned = insertOp(team.id(), "pending", "10 minutes");
        UUID recent = insertOp(team.id(), "pending", "10 seconds");
        UUID confirmed = insertOp(team.id(), "committed", "10 minutes");

        List<UUID> aborted = sweeper.sweep().await().atMost(Duration.ofSeconds(30));

        assertTrue(aborted.contains(abandoned), aborted.toString());
        assertEquals("aborted", statusOf(abandoned));
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
