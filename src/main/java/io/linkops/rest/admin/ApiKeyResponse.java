package io.linkops.rest.admin;

import io.linkops.domain.ApiKey;
import java.time.Instant;

/** A team's API key as listed: its public prefix and dates, never the key. */
public record ApiKeyResponse(String keyPrefix, Instant createdAt, Instant revokedAt) {

    static ApiKeyResponse of(ApiKey key) {
        return new ApiKeyResponse(key.getKeyPrefix(), key.getCreatedAt(), key.getRevokedAt());
    }
}
