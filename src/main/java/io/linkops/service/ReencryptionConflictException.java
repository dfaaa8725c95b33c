package io.linkops.service;

/** A re-encryption cannot start or go on here: one towards another key is running. */
public class ReencryptionConflictException extends RuntimeException {

    public ReencryptionConflictException(String message) {
        super(message);
    }
}
