package io.linkops.service;

import io.linkops.domain.ItemFailure;
import java.util.List;
import java.util.UUID;

/**
 * What a bulk import would do now: the users it would import, the failures it would record, and whether the
 * provider's verification, which a rehearsal never runs, would still be called.
 */
public record Rehearsal(List<UUID> imported, List<ItemFailure> failures, boolean verificationSkipped) {
}
