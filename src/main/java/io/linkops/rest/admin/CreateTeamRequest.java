package io.linkops.rest.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /admin/v1/teams}. */
public record CreateTeamRequest(@NotBlank @Size(max = 200) String name) {
}
