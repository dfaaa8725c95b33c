package io.linkops.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** What a request carrying an Idempotency-Key that is already held does, from the key's row and its op's. */
public enum IdempotencyDecision {
    /** The key was used with another body: 422, nothing enqueued. */
    MISMATCH,
    /** The first request is still enqueuing its op: 409, retry shortly. */
    IN_FLIGHT,
    /** Answer with the key's op as it stands now; nothing enqueued. */
    REPLAY,
    /** The first request started nothing that lasts (its enqueue failed, or it died first): start afresh. */
    TAKE_OVER;

    /** The key as stored, and its op's state; {@code opStatus} is null when the op row does not exist. */
    public record HeldKey(byte[] fingerprint, UUID opId, Instant claimedAt, BulkOpStatus opStatus,
            boolean enqueueConfirmed, int processed) {
    }

    /**
     * {@code abandonedAfter}: how long a key whose op row never appeared is taken for a request still starting;
     * past it, the request is taken to have died before creating its op.
     */
    public static IdempotencyDecision of(HeldKey held, byte[] fingerprint, Instant now, Duration abandonedAfter) {
        if (!Arrays.equals(held.fingerprint(), fingerprint)) {
            return MISMATCH;
        }
        if (held.opStatus() == null) {
            return held.claimedAt().plus(abandonedAfter).isBefore(now) ? TAKE_OVER : IN_FLIGHT;
        }
        if (!held.enqueueConfirmed() && held.opStatus() == BulkOpStatus.in_progress) {
            return IN_FLIGHT;
        }
        // Aborted before any record was confirmed and nothing recorded: its enqueue failed (a cancelled op has
        // every item recorded, and is answered as it is).
        if (!held.enqueueConfirmed() && held.opStatus() == BulkOpStatus.aborted && held.processed() == 0) {
            return TAKE_OVER;
        }
        return REPLAY;
    }
}
