package io.linkops.rest.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.linkops.domain.WebhookEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A webhook endpoint as answered; {@code secret} only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookEndpointResponse(UUID id, String url, List<String> eventTypes, Boolean disabled,
        String disabledReason, Instant createdAt, String secret) {

    static WebhookEndpointResponse of(WebhookEndpoint endpoint, String secret) {
        return new WebhookEndpointResponse(endpoint.id(), endpoint.url(), endpoint.eventTypes(), endpoint.disabled(),
                endpoint.disabledReason(), endpoint.createdAt(), secret);
    }

    public static WebhookEndpointResponse of(WebhookEndpoint endpoint) {
        return of(endpoint, null);
    }
}
