package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;

/** What a cancel did: the op's status afterwards, and whether this cancel ended it with how many items cancelled. */
public record OpCancellation(BulkOpStatus status, boolean cancelledNow, int cancelledItems) {

    static OpCancellation alreadyEnded(BulkOpStatus status) {
        return new OpCancellation(status, false, 0);
    }

    static OpCancellation cancelledNow(int cancelledItems) {
        return new OpCancellation(BulkOpStatus.aborted, true, cancelledItems);
    }
}
