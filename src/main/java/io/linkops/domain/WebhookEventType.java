package io.linkops.domain;

import java.util.Arrays;
import java.util.Optional;

/** The events a team can receive on a webhook endpoint, by their wire names. */
public enum WebhookEventType {
    CONNECTION_CREATED("provider.connection.created"),
    CONNECTION_ERROR("provider.connection.error"),
    BULK_OP_COMPLETED("bulk_op.completed");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
