package io.linkops.service;

import io.linkops.client.RefreshRequest;
import io.linkops.client.TokenRefreshAdapters;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.ConnectionStatus;
import io.linkops.domain.LockedConnection;
import io.linkops.domain.RefreshOutcome;
import io.linkops.domain.RefreshResult;
import io.linkops.domain.TokenPair;
import io.linkops.repository.TokenRefreshRepository;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Refreshes one connection's tokens with the team's own credential. The row stays locked from reading the refresh
 * token to writing its successor, so a single-use refresh token is consumed by one call only, and if the worker dies
 * mid-call nothing is written and the old token is still there for the provider's retry window.
 */
@ApplicationScoped
public class TokenRefreshService {

    private static final Logger LOG = Logger.getLogger(TokenRefreshService.class);

    private final TokenRefreshRepository connections;
    private final TokenRefreshAdapters adapters;
    private final SecretCipher cipher;
    private final LinkopsConfig config;

    public TokenRefreshService(TokenRefreshRepository connections, TokenRefreshAdapters adapters, SecretCipher cipher,
            LinkopsConfig config) {
        this.connections = connections;
        this.adapters = adapters;
        this.cipher = cipher;
        this.config = config;
    }

    /** Refreshes the connection if it is connected, refreshable and (when {@code onlyIfDue}) about to expire. */
    public Uni<RefreshOutcome> refresh(UUID connectionId, boolean onlyIfDue) {
        return connections.inTransaction(sql -> connections.lock(sql, connectionId).chain(locked -> {
            if (locked == null || locked.status() != ConnectionStatus.connected
                    || onlyIfDue && !isDue(locked)) {
                return Uni.createFrom().item(RefreshOutcome.skipped);
            }
            return adapters.endpointOf(locked.provider())
                    .map(endpoint -> endpoint.adapter().refresh(request(locked, endpoint))
                            .chain(result -> apply(sql, locked, result)))
                    .orElseGet(() -> Uni.createFrom().item(RefreshOutcome.skipped));
        }));
    }

    private boolean isDue(LockedConnection locked) {
        return locked.expiresAt() < Instant.now().plus(config.refresher().window()).getEpochSecond();
    }

    private RefreshRequest request(LockedConnection locked, TokenRefreshAdapters.Endpoint endpoint) {
        String secret = cipher.decrypt(locked.sealedClientSecret(),
                SecretOwner.ofCredential(locked.teamId(), locked.provider().slug()));
        String refreshToken = cipher.decrypt(locked.sealedRefreshToken(), owner(locked, "refresh_token"));
        return new RefreshRequest(endpoint.tokenUrl(), locked.clientId(), secret, refreshToken,
                endpoint.basicAuthentication());
    }

    private Uni<RefreshOutcome> apply(SqlConnection sql, LockedConnection locked, RefreshResult result) {
        if (result instanceof RefreshResult.Refreshed refreshed) {
            TokenPair tokens = refreshed.tokens();
            return connections.storeRefreshed(sql, locked.id(),
                            cipher.encrypt(tokens.accessToken(), owner(locked, "access_token")),
                            cipher.encrypt(tokens.refreshToken(), owner(locked, "refresh_token")),
                            tokens.expiresAt())
                    .replaceWith(RefreshOutcome.refreshed);
        }
        if (result instanceof RefreshResult.Rejected rejected) {
            LOG.warnf("connection %s (%s): refresh refused, %s", locked.id(), locked.provider().slug(),
                    rejected.reason());
            return connections.markError(sql, locked, rejected.reason(), rejected.message())
                    .replaceWith(RefreshOutcome.failed);
        }
        RefreshResult.RetryLater later = (RefreshResult.RetryLater) result;
        Duration delay = backoff(locked.refreshAttempts(), later.delay());
        LOG.infof("connection %s (%s): %s; next attempt in %s", locked.id(), locked.provider().slug(), later.cause(),
                delay);
        return connections.postpone(sql, locked.id(), Instant.now().plus(delay)).replaceWith(RefreshOutcome.postponed);
    }

    /** Doubles per consecutive failure, never less than the provider asked for, never more than the cap. */
    private Duration backoff(int attempts, Duration providerAsked) {
        Duration doubled = config.refresher().firstBackoff().multipliedBy(1L << Math.min(attempts, 20));
        Duration capped = doubled.compareTo(config.refresher().maxBackoff()) > 0 ? config.refresher().maxBackoff()
                : doubled;
        return capped.compareTo(providerAsked) < 0 ? providerAsked : capped;
    }

    private static SecretOwner owner(LockedConnection locked, String field) {
        return SecretOwner.ofConnection(locked.teamId(), locked.userId(), locked.provider().slug(), field);
    }
}
