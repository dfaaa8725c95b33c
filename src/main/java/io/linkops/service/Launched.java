package io.linkops.service;

/** A bulk request's answer: its op now, and whether an earlier request with the same Idempotency-Key started it. */
public record Launched(BulkOperationView view, boolean replayed) {
}
