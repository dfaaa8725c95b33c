package io.linkops.domain;

/** What one refresh attempt did to a connection. */
public enum RefreshOutcome {
    refreshed,
    failed,
    postponed,
    /** Something unexpected (an unreadable row, a provider answer without a token, an exception): backed off. */
    error,
    skipped
}
