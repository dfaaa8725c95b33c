package io.linkops.service;

import java.util.List;

/** One offset page of a team's users and the team's user count. */
public record UserPage(List<UserView> users, long total, int offset, int limit) {
}
