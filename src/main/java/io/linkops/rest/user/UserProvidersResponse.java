package io.linkops.rest.user;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code GET /v2/user/providers/{user_id}}. */
@Schema(name = "ClientFacingProvidersResponse")
public record UserProvidersResponse(@Schema(required = true) List<UserProviderResponse> providers) {
}
