package io.linkops.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A team's webhook endpoint as stored, without its secret. */
public record WebhookEndpoint(UUID id, UUID teamId, String url, List<String> eventTypes, boolean disabled,
        String disabledReason, Instant failingSince, Instant createdAt) {
}
