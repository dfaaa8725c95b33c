package io.linkops.service;

import java.time.Instant;

/** An API key at the only moment its full value is known. */
public record IssuedApiKey(String apiKey, String keyPrefix, Instant createdAt) {
}
