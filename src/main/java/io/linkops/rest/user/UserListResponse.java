package io.linkops.rest.user;

import io.linkops.service.UserPage;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code GET /v2/user}: one offset page and the team's total. */
@Schema(name = "PaginatedUsersResponse")
public record UserListResponse(@Schema(required = true) List<UserResponse> users, @Schema(required = true) long total,
        @Schema(required = true) int offset, @Schema(required = true) int limit) {

    static UserListResponse of(UserPage page) {
        return new UserListResponse(page.users().stream().map(UserResponse::of).toList(), page.total(), page.offset(),
                page.limit());
    }
}
