package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;

/** An op's status after counting new items, and whether those items finished it. */
record OpCount(BulkOpStatus status, boolean finishedNow) {
}
