package io.linkops.domain;

import java.util.UUID;

/**
 * A delivery claimed for an attempt: the event as it is sent, the attempts made before, and where and with what
 * (sealed) secret it goes.
 */
public record WebhookDelivery(UUID id, UUID endpointId, UUID teamId, UUID eventId, String eventType, String payload,
        int attemptsMade, String url, byte[] sealedSecret) {

    @Override
    public String toString() {
        return "WebhookDelivery[id=" + id + ", endpointId=" + endpointId + ", eventType=" + eventType + "]";
    }
}
