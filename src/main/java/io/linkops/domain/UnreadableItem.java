package io.linkops.domain;

import java.util.UUID;

/**
 * A record that names its op and item index (in its headers) but whose payload cannot be used. It is recorded as a
 * failed item of its op; the user comes from the users submitted with the op, or from the record when that is all
 * there is.
 */
public record UnreadableItem(UUID opId, int itemIndex, UUID userId, String cause) {
}
