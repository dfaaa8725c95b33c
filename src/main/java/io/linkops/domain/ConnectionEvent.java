package io.linkops.domain;

import java.util.UUID;

/**
 * A row of the connection-event outbox: one event in Junction's webhook shape, or (no user id) the events of one
 * import batch, a line each: the user id, a space, the event's JSON.
 */
public record ConnectionEvent(UUID id, UUID userId, String eventType, String payload) {

    /** Whether the payload holds many events, each to be published on its own. */
    public boolean isBatch() {
        return userId == null;
    }
}
