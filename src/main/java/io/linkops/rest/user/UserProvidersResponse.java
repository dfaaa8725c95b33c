package io.linkops.rest.user;

import java.util.List;

/** Answer of {@code GET /v2/user/providers/{user_id}}. */
public record UserProvidersResponse(List<UserProviderResponse> providers) {
}
