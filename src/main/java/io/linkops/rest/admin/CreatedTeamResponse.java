package io.linkops.rest.admin;

import io.linkops.service.CreatedTeam;
import java.time.Instant;
import java.util.UUID;

/** A new team with its first API key, the only time that key is ever shown. */
public record CreatedTeamResponse(UUID teamId, String name, String apiKey, String keyPrefix,
        boolean linkMigrationEnabled, Instant createdAt) {

    static CreatedTeamResponse of(CreatedTeam created) {
        return new CreatedTeamResponse(created.team().getId(), created.team().getName(), created.firstKey().apiKey(),
                created.firstKey().keyPrefix(), created.team().isLinkMigrationEnabled(), created.team().getCreatedAt());
    }
}
