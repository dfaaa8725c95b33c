package io.linkops.domain;

/** The state of a user's connection to a provider, as {@code GET /v2/user/providers} reports it. */
public enum ConnectionStatus {
    connected,
    paused,
    error
}
