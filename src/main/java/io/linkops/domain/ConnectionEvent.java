package io.linkops.domain;

import java.util.UUID;

/** A connection event waiting in the outbox: its JSON is Junction's webhook shape. */
public record ConnectionEvent(UUID id, UUID userId, String eventType, String payload) {
}
