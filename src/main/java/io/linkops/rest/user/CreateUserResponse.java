package io.linkops.rest.user;

import java.util.UUID;

/** Answer of {@code POST /v2/user}. */
public record CreateUserResponse(UUID userId, String clientUserId) {
}
