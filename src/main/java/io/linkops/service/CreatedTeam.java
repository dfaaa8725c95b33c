package io.linkops.service;

import io.linkops.domain.Team;

/** A new team with the one-time value of its first API key. */
public record CreatedTeam(Team team, IssuedApiKey firstKey) {
}
