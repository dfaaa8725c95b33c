package io.linkops.domain;

import java.util.UUID;

/** What claiming a connection for sending its refresh token found: the row, a row this build cannot read, or none. */
public sealed interface RefreshLock {

    /** The row is claimed for sending and readable. */
    record Held(LockedConnection connection) implements RefreshLock {
    }

    /** The row is claimed, but its provider is not one this build knows; the column names what was unreadable. */
    record Unreadable(UUID id, int refreshAttempts, String column) implements RefreshLock {
    }

    /** The row is gone, not connected, not due, has no credential, or another refresh holds it. */
    record Missed() implements RefreshLock {
    }
}
