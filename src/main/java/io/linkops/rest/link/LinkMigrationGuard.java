package io.linkops.rest.link;

import io.linkops.security.CallerTeam;
import io.linkops.service.LinkMigrationDisabledException;

/** The Link Migration endpoints answer 403 until an operator enables them for the team. */
final class LinkMigrationGuard {

    private LinkMigrationGuard() {
    }

    static void requireEnabled(CallerTeam team) {
        if (!team.linkMigrationEnabled()) {
            throw new LinkMigrationDisabledException();
        }
    }
}
