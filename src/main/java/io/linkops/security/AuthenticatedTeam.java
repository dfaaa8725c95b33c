package io.linkops.security;

import java.util.UUID;

/** The team behind a valid, unrevoked API key. */
public record AuthenticatedTeam(UUID teamId, boolean linkMigrationEnabled) {
}
