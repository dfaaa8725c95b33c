package io.linkops.security;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * What a ciphertext belongs to; bound into AES-GCM as associated data so a value copied to another row, team or
 * field fails to decrypt.
 */
public record SecretOwner(UUID teamId, UUID userId, String provider, String field) {

    public SecretOwner {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(field, "field");
    }

    public static SecretOwner ofConnection(UUID teamId, UUID userId, String provider, String field) {
        return new SecretOwner(teamId, Objects.requireNonNull(userId, "userId"), provider, field);
    }

    public static SecretOwner ofCredential(UUID teamId, String provider) {
        return new SecretOwner(teamId, null, provider, "client_secret");
    }

    /** A webhook endpoint's signing secret; the endpoint id takes the user's place. */
    public static SecretOwner ofWebhookEndpoint(UUID teamId, UUID endpointId) {
        return new SecretOwner(teamId, Objects.requireNonNull(endpointId, "endpointId"), "webhook", "signing_secret");
    }

    byte[] associatedData() {
        return ("linkops:v1|team=" + teamId + "|user=" + (userId == null ? "-" : userId) + "|provider=" + provider
                + "|field=" + field).getBytes(StandardCharsets.UTF_8);
    }
}
