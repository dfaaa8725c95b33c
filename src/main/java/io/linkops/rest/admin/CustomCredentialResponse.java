package io.linkops.rest.admin;

import io.linkops.domain.CustomCredential;
import java.time.Instant;
import java.util.UUID;

/** A team's custom OAuth credential without its secret. */
public record CustomCredentialResponse(String provider, String clientId, UUID credentialId,
        String redirectUrlOverride, Instant createdAt, Instant updatedAt) {

    static CustomCredentialResponse of(CustomCredential credential) {
        return new CustomCredentialResponse(credential.getProvider(), credential.getClientId(), credential.getId(),
                credential.getRedirectUrlOverride(), credential.getCreatedAt(), credential.getUpdatedAt());
    }
}
