package io.linkops.domain;

/** Where a bulk operation stands; every status but {@code in_progress} is terminal. */
public enum BulkOpStatus {
    in_progress,
    success,
    failure,
    aborted;

    public boolean isTerminal() {
        return this != in_progress;
    }
}
