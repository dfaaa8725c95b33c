package io.linkops.domain;

import java.util.UUID;

/** A historical pull waiting for a throttle permit. */
public record QueuedPull(UUID opId, int itemIndex, UUID teamId, UUID userId, Provider provider, UUID credentialId) {
}
