package io.linkops.service;

import io.linkops.domain.Provider;

/** The team has no custom OAuth credential (BYOO) for the provider, so nothing can be bound to it. */
public class MissingCustomCredentialException extends RuntimeException {

    public MissingCustomCredentialException(Provider provider) {
        super("The team has no custom OAuth credential for " + provider.slug()
                + "; configure one before importing connections.", null, false, false);
    }
}
