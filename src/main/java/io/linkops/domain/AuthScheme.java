package io.linkops.domain;

/** How a provider authorises access: OAuth 2.0 (refreshable) or OAuth 1.0a (never refreshes). */
public enum AuthScheme {
    OAUTH1,
    OAUTH2
}
