package io.linkops.rest.admin;

import io.linkops.service.IssuedApiKey;
import java.time.Instant;

/** An extra API key, shown once. */
public record IssuedApiKeyResponse(String apiKey, String keyPrefix, Instant createdAt) {

    static IssuedApiKeyResponse of(IssuedApiKey key) {
        return new IssuedApiKeyResponse(key.apiKey(), key.keyPrefix(), key.createdAt());
    }
}
