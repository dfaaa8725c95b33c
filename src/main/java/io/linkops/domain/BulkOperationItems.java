package io.linkops.domain;

import java.util.List;
import java.util.UUID;

/** The items of a bulk operation recorded so far. */
public record BulkOperationItems(List<UUID> succeeded, List<ItemFailure> failures) {
}
