package io.linkops.domain;

import java.util.UUID;

/** A team's OAuth client for a provider, its secret still sealed. */
public record TeamCredential(UUID id, String clientId, byte[] sealedClientSecret) {

    @Override
    public String toString() {
        return "TeamCredential[id=" + id + ", clientId=" + clientId + "]";
    }
}
