package io.linkops.service;

/** A request repeated an Idempotency-Key whose first request is still enqueuing its op. */
public class IdempotencyKeyInFlightException extends RuntimeException {

    public IdempotencyKeyInFlightException() {
        super("A request with this Idempotency-Key is still being enqueued; retry once it has been answered.", null,
                false, false);
    }
}
