package io.linkops.rest.user;

import io.linkops.domain.ConnectionSummary;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of a user's {@code connected_sources}. */
@Schema(name = "ConnectedSourceClientFacing")
public record ConnectedSource(@Schema(required = true) ProviderInfo provider,
        @Schema(required = true, deprecated = true, description = "The same as provider, kept as Junction does.")
        ProviderInfo source,
        @Schema(required = true) Instant createdOn) {

    static ConnectedSource of(ConnectionSummary connection) {
        ProviderInfo info = ProviderInfo.of(connection.provider());
        return new ConnectedSource(info, info, connection.createdAt());
    }
}
