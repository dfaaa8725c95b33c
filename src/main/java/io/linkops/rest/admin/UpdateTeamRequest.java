package io.linkops.rest.admin;

/** Body of {@code PATCH /admin/v1/teams/{team_id}}; an absent field leaves the setting as it is. */
public record UpdateTeamRequest(Boolean linkMigrationEnabled) {
}
