package io.linkops.domain;

/** What one refresh attempt did to a connection. */
public enum RefreshOutcome {
    refreshed,
    failed,
    postponed,
    skipped
}
