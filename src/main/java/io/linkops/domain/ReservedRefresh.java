package io.linkops.domain;

import java.util.UUID;

/** A due connection a refresh round has reserved: nothing is sent for it until it is claimed for sending. */
public record ReservedRefresh(UUID connectionId, UUID credentialId, Provider provider) {
}
