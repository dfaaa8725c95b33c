package io.linkops.rest.webhook;

import java.util.List;

/** Body of {@code POST /v2/webhooks/endpoints} (extension): where to deliver, and which events. */
public record WebhookEndpointRequest(String url, List<String> eventTypes) {
}
