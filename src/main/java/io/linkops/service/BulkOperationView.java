package io.linkops.service;

import io.linkops.domain.BulkOperation;
import io.linkops.domain.BulkOperationItems;

/** An op with the items recorded for it so far. */
public record BulkOperationView(BulkOperation operation, BulkOperationItems items) {
}
