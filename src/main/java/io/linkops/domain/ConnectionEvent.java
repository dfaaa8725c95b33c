package io.linkops.domain;

import java.util.UUID;

/**
 * A row of the connection-event outbox: one event in Junction's webhook shape, or (no user id) the events of one
 * import batch, a line each. A batch row that names its provider holds compact lines (user id, space, client user id
 * as a JSON string); one without holds an earlier row's lines (user id, space, the event's JSON).
 */
public record ConnectionEvent(UUID id, UUID teamId, UUID userId, String eventType, String provider, String payload) {

    /** Whether the payload holds many events, each to be published on its own. */
    public boolean isBatch() {
        return userId == null;
    }

    /** Whether the payload holds compact lines, from which the relay writes each event. */
    public boolean isCompactBatch() {
        return isBatch() && provider != null;
    }
}
