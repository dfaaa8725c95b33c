package io.linkops.service;

/** A request reused an Idempotency-Key of its team with a different body. */
public class IdempotencyKeyMismatchException extends RuntimeException {

    public IdempotencyKeyMismatchException() {
        super("This Idempotency-Key was already used with a different request body; use a new key for a new "
                + "request.", null, false, false);
    }
}
