package io.linkops.security;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** The team resolved from the request's API key; every {@code /v2} query is scoped by it. */
@RequestScoped
public class CallerTeam {

    private UUID teamId;
    private boolean linkMigrationEnabled;

    void authenticate(UUID teamId, boolean linkMigrationEnabled) {
        this.teamId = teamId;
        this.linkMigrationEnabled = linkMigrationEnabled;
    }

    public UUID id() {
        if (teamId == null) {
            throw new IllegalStateException("no authenticated team on this request");
        }
        return teamId;
    }

    public boolean linkMigrationEnabled() {
        return linkMigrationEnabled;
    }
}
