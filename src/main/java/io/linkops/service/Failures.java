package io.linkops.service;

import io.linkops.repository.TransientFailure;
import io.linkops.repository.UniqueViolation;

/** What kind of failure reached a caller, so the HTTP layer can answer it without knowing the storage layer. */
public final class Failures {

    private Failures() {
    }

    /** A dependency (database, broker) is unavailable for now: retrying later will do. */
    public static boolean isOutage(Throwable failure) {
        return TransientFailure.isCause(failure);
    }

    /** A concurrent request changed the same resource first. */
    public static boolean isConcurrentChange(Throwable failure) {
        return UniqueViolation.isCause(failure);
    }
}
