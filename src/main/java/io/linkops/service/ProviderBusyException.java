package io.linkops.service;

/** A provider asked us to come back later while verifying an import: the batch is retried with back-off. */
public class ProviderBusyException extends RuntimeException {

    public ProviderBusyException(String cause) {
        super(cause, null, false, false);
    }
}
