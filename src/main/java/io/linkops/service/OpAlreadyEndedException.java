package io.linkops.service;

import io.linkops.domain.BulkOpStatus;

/** A cancel of an op that had already ended; nothing was changed. */
public class OpAlreadyEndedException extends RuntimeException {

    private final BulkOpStatus status;

    public OpAlreadyEndedException(BulkOpStatus status) {
        super("The bulk operation has already ended with status " + status.name() + "; nothing was cancelled.", null,
                false, false);
        this.status = status;
    }

    public BulkOpStatus status() {
        return status;
    }
}
