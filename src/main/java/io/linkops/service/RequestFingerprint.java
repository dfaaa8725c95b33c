package io.linkops.service;

import io.linkops.domain.ConnectionRecipe;
import io.linkops.domain.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * A SHA-256 of what a bulk request asks for, field by field with their lengths (so no two requests share a digest
 * by moving bytes between fields), to tell a retried request from another one under the same Idempotency-Key.
 */
public final class RequestFingerprint {

    private final MessageDigest digest;

    private RequestFingerprint(String endpoint) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        add(endpoint);
    }

    public static byte[] ofImport(Provider provider, List<ConnectionRecipe> connections, boolean wait) {
        RequestFingerprint fingerprint = new RequestFingerprint("bulk_import");
        fingerprint.add(provider.slug()).add(wait ? "wait" : "").add(connections.size());
        for (ConnectionRecipe recipe : connections) {
            fingerprint.add(recipe.userId()).add(recipe.accessToken()).add(recipe.refreshToken())
                    .add(recipe.providerId()).add(recipe.expiresAt() == null ? "" : recipe.expiresAt().toString());
            List<String> scopes = recipe.oauthScopes();
            fingerprint.add(scopes == null ? -1 : scopes.size());
            if (scopes != null) {
                scopes.forEach(fingerprint::add);
            }
        }
        return fingerprint.digest.digest();
    }

    public static byte[] ofHistoricalPull(Provider provider, List<UUID> userIds, boolean wait) {
        RequestFingerprint fingerprint = new RequestFingerprint("bulk_trigger_historical_pull");
        fingerprint.add(provider.slug()).add(wait ? "wait" : "").add(userIds.size());
        userIds.forEach(fingerprint::add);
        return fingerprint.digest.digest();
    }

    private RequestFingerprint add(UUID value) {
        return add(String.valueOf(value));
    }

    private RequestFingerprint add(String value) {
        if (value == null) {
            return add(-1);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        add(bytes.length);
        digest.update(bytes);
        return this;
    }

    private RequestFingerprint add(int value) {
        digest.update(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        return this;
    }
}
