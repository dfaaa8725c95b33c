package io.linkops.service;

import java.time.Instant;
import java.util.UUID;

/** A user with the same {@code client_user_id} already exists in the team. */
public class DuplicateClientUserIdException extends RuntimeException {

    private final UUID existingUserId;
    private final Instant existingCreatedOn;

    public DuplicateClientUserIdException(UUID existingUserId, Instant existingCreatedOn) {
        super("Client user id already exists.", null, false, false);
        this.existingUserId = existingUserId;
        this.existingCreatedOn = existingCreatedOn;
    }

    public UUID existingUserId() {
        return existingUserId;
    }

    public Instant existingCreatedOn() {
        return existingCreatedOn;
    }
}
