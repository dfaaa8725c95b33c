package io.linkops.rest.admin;

import io.linkops.domain.Team;
import java.time.Instant;
import java.util.UUID;

/** A team as the operator API shows it. */
public record TeamResponse(UUID teamId, String name, boolean linkMigrationEnabled, Instant createdAt) {

    static TeamResponse of(Team team) {
        return new TeamResponse(team.getId(), team.getName(), team.isLinkMigrationEnabled(), team.getCreatedAt());
    }
}
