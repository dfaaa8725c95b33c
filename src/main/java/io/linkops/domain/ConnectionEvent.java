package io.linkops.domain;

import java.util.UUID;

/**
 * A row of the connection-event outbox: one event in Junction's webhook shape, or (no user id) the events of one
 * import batch as a JSON array of them.
 */
public record ConnectionEvent(UUID id, UUID userId, String eventType, String payload) {

    /** Whether the payload is a JSON array of events, each to be published on its own. */
    public boolean isBatch() {
        return userId == null;
    }
}
