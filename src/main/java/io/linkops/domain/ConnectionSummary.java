package io.linkops.domain;

import java.time.Instant;
import java.util.UUID;

/** A user's connection to a provider without its tokens: what the users API may show. */
public record ConnectionSummary(
        UUID userId,
        Provider provider,
        String providerUserId,
        ConnectionStatus status,
        String errorType,
        String errorMessage,
        Instant erroredAt,
        Instant createdAt) {
}
