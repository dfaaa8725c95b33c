package io.linkops.rest.user;

import io.linkops.domain.ConnectionSummary;
import java.time.Instant;

/** One entry of a user's {@code connected_sources}. */
public record ConnectedSource(ProviderInfo provider, ProviderInfo source, Instant createdOn) {

    static ConnectedSource of(ConnectionSummary connection) {
        ProviderInfo info = ProviderInfo.of(connection.provider());
        return new ConnectedSource(info, info, connection.createdAt());
    }
}
