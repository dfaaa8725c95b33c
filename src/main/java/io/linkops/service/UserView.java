package io.linkops.service;

import io.linkops.domain.ConnectionSummary;
import io.linkops.domain.User;
import java.util.List;

/** A user with the connections it holds. */
public record UserView(User user, List<ConnectionSummary> connections) {
}
