package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.ItemOutcome;
import java.util.List;

/**
 * What recording did: the op's status afterwards, the items recorded now, whether it finished now, and how many
 * missing items were recorded as failed without being listed one by one.
 */
public record BatchRecorded(BulkOpStatus status, List<ItemOutcome> recorded, boolean finishedNow, int missing) {

    public static BatchRecorded nothingNew(BulkOpStatus status) {
        return new BatchRecorded(status, List.of(), false, 0);
    }
}
