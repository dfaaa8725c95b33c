package io.linkops.rest.user;

import io.linkops.service.UserPage;
import java.util.List;

/** Answer of {@code GET /v2/user}: one offset page and the team's total. */
public record UserListResponse(List<UserResponse> users, long total, int offset, int limit) {

    static UserListResponse of(UserPage page) {
        return new UserListResponse(page.users().stream().map(UserResponse::of).toList(), page.total(), page.offset(),
                page.limit());
    }
}
