package io.linkops.service;

/** The team has not been enabled for Link Migration by an operator. */
public class LinkMigrationDisabledException extends RuntimeException {

    public LinkMigrationDisabledException() {
        super("Link Migration is not enabled for this team. Ask your operator to enable it.", null, false, false);
    }
}
