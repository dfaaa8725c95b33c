package io.linkops.domain;

import java.util.UUID;

/** What locking a connection for refresh found: the row, a row holding values this build does not know, or none. */
public sealed interface RefreshLock {

    /** The row is locked and readable. */
    record Held(LockedConnection connection) implements RefreshLock {
    }

    /** The row is locked, but its provider or status is not one this build knows; the column names which. */
    record Unreadable(UUID id, int refreshAttempts, String column) implements RefreshLock {
    }

    /** The row is gone, has no credential, or another refresh holds it. */
    record Missed() implements RefreshLock {
    }
}
