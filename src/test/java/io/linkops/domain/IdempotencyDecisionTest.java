package io.linkops.domain;

import static io.linkops.domain.IdempotencyDecision.IN_FLIGHT;
import static io.linkops.domain.IdempotencyDecision.MISMATCH;
import static io.linkops.domain.IdempotencyDecision.REPLAY;
import static io.linkops.domain.IdempotencyDecision.TAKE_OVER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.domain.IdempotencyDecision.HeldKey;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdempotencyDecisionTest {

    private static final byte[] BODY = {1, 2, 3};
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final Duration ABANDONED = Duration.ofMinutes(2);

    private static IdempotencyDecision decide(Instant claimedAt, BulkOpStatus status, boolean confirmed,
            int processed) {
        return IdempotencyDecision.of(new HeldKey(BODY, UUID.randomUUID(), claimedAt, status, confirmed, processed),
                BODY, NOW, ABANDONED);
    }

    @Test
    void anotherBodyIsAMismatchWhateverTheOp() {
        HeldKey held = new HeldKey(BODY, UUID.randomUUID(), NOW, BulkOpStatus.success, true, 5);
        assertEquals(MISMATCH, IdempotencyDecision.of(held, new byte[] {1, 2, 4}, NOW, ABANDONED));
    }

    @Test
    void aKeyWhoseOpIsNotCreatedYetIsInFlightUntilAbandoned() {
        assertEquals(IN_FLIGHT, decide(NOW.minusSeconds(5), null, false, 0));
        assertEquals(TAKE_OVER, decide(NOW.minus(ABANDONED).minusSeconds(1), null, false, 0));
    }

    @Test
    void anOpStillEnqueuingIsInFlight() {
        assertEquals(IN_FLIGHT, decide(NOW.minusSeconds(1), BulkOpStatus.in_progress, false, 0));
    }

    @Test
    void anOpWhoseEnqueueFailedFreesTheKey() {
        assertEquals(TAKE_OVER, decide(NOW.minusSeconds(1), BulkOpStatus.aborted, false, 0));
    }

    @Test
    void anOpCancelledWhileEnqueuingIsReplayedNotStartedAgain() {
        assertEquals(REPLAY, decide(NOW.minusSeconds(1), BulkOpStatus.aborted, false, 4));
    }

    @Test
    void confirmedOpsAreReplayedWhateverTheirStatus() {
        for (BulkOpStatus status : BulkOpStatus.values()) {
            assertEquals(REPLAY, decide(NOW.minusSeconds(1), status, true, 0), status.name());
        }
    }
}
