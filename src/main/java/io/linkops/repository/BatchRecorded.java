package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;

/** What recording a batch did to its op: the op's status afterwards and how many items were new. */
public record BatchRecorded(BulkOpStatus status, int newItems) {
}
