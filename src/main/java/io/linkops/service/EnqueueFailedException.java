package io.linkops.service;

import java.util.UUID;

/** The broker did not take every record of an op; none of them is visible and the op is aborted. */
public class EnqueueFailedException extends RuntimeException {

    private final UUID opId;

    public EnqueueFailedException(UUID opId, Throwable cause) {
        super("bulk op " + opId + " could not be enqueued", cause);
        this.opId = opId;
    }

    public UUID opId() {
        return opId;
    }
}
