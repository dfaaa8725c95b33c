package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.ItemOutcome;
import java.util.List;

/** What recording a batch did: the op's status afterwards, the items recorded now, and whether it finished now. */
public record BatchRecorded(BulkOpStatus status, List<ItemOutcome> recorded, boolean finishedNow) {

    static BatchRecorded nothingNew(BulkOpStatus status) {
        return new BatchRecorded(status, List.of(), false);
    }
}
