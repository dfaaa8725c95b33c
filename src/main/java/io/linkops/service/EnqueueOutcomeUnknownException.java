package io.linkops.service;

import java.util.UUID;

/**
 * Committing an op's Kafka transaction failed in a way that may still have committed it. The op stays unconfirmed
 * and is decided later from what Kafka holds; it must not be reported as "nothing was imported".
 */
public class EnqueueOutcomeUnknownException extends RuntimeException {

    private final UUID opId;

    public EnqueueOutcomeUnknownException(UUID opId, Throwable cause) {
        super("the commit of bulk op " + opId + " could not be confirmed", cause);
        this.opId = opId;
    }

    public UUID opId() {
        return opId;
    }
}
