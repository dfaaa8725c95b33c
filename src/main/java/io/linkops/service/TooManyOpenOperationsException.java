package io.linkops.service;

/** A team asked for another bulk op while already at its limit of open ones; the detail states the limit. */
public class TooManyOpenOperationsException extends RuntimeException {

    public TooManyOpenOperationsException(int limit) {
        super("This team already has " + limit + " bulk operations in progress, the most it may have open at once. "
                + "Wait for one to finish, then retry.", null, false, false);
    }
}
