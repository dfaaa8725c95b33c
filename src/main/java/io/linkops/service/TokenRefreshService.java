package io.linkops.service;

import io.linkops.client.RefreshRequest;
import io.linkops.client.TokenRefreshAdapters;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.ConnectionStatus;
import io.linkops.domain.FailureReason;
import io.linkops.domain.LockedConnection;
import io.linkops.domain.RefreshLock;
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
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Refreshes one connection's tokens with the team's own credential. The row stays locked from reading the refresh
 * token to writing its successor, so a single-use refresh token is consumed by one call only, and if the worker dies
 * mid-call nothing is written and the old token is still there for the provider's retry window. Whatever goes wrong
 * with one connection ends as an outcome of that connection, never as a failure of the caller.
 */
@ApplicationScoped
public class TokenRefreshService {

    private static final Logger LOG = Logger.getLogger(TokenRefreshService.class);
    private static final String UNSTORED_MESSAGE =
            "The provider issued new tokens that could not be stored; the connection must be linked again.";

    private final TokenRefreshRepository connections;
    private final TokenRefreshAdapters adapters;
    private final SecretCipher cipher;
    private final LinkopsConfig config;
    private final RefreshBackoff backoff;

    public TokenRefreshService(TokenRefreshRepository connections, TokenRefreshAdapters adapters, SecretCipher cipher,
            LinkopsConfig config) {
        this.connections = connections;
        this.adapters = adapters;
        this.cipher = cipher;
        this.config = config;
        this.backoff = new RefreshBackoff(config.refresher().firstBackoff(), config.refresher().maxBackoff());
    }

    /**
     * Refreshes the connection if it is connected, refreshable and (when {@code onlyIfDue}) about to expire. Never
     * fails: an unexpected failure postpones the connection and answers {@link RefreshOutcome#error}.
     */
    public Uni<RefreshOutcome> refresh(UUID connectionId, boolean onlyIfDue) {
        AtomicReference<LockedConnection> tokensIssuedTo = new AtomicReference<>();
        return connections.inTransaction(sql -> connections.lock(sql, connectionId)
                        .chain(lock -> refreshLocked(sql, lock, onlyIfDue, tokensIssuedTo)))
                .onFailure().recoverWithUni(failure -> tokensIssuedTo.get() == null
                        ? postponeAfter(connectionId, failure)
                        : giveUpUnstored(tokensIssuedTo.get(), failure));
    }

    private Uni<RefreshOutcome> refreshLocked(SqlConnection sql, RefreshLock lock, boolean onlyIfDue,
            AtomicReference<LockedConnection> tokensIssuedTo) {
        if (lock instanceof RefreshLock.Unreadable unreadable) {
            LOG.warnf("connection %s: stored %s unknown to this service; postponed", unreadable.id(),
                    unreadable.column());
            return postpone(sql, unreadable.id(), unreadable.refreshAttempts(), Duration.ZERO)
                    .replaceWith(RefreshOutcome.error);
        }
        if (!(lock instanceof RefreshLock.Held held) || held.connection().status() != ConnectionStatus.connected
                || onlyIfDue && !isDue(held.connection())) {
            return Uni.createFrom().item(RefreshOutcome.skipped);
        }
        LockedConnection locked = held.connection();
        return adapters.endpointOf(locked.provider())
                .map(endpoint -> endpoint.adapter().refresh(request(locked, endpoint))
                        .chain(result -> apply(sql, locked, result, tokensIssuedTo)))
                .orElseGet(() -> Uni.createFrom().item(RefreshOutcome.skipped));
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

    private Uni<RefreshOutcome> apply(SqlConnection sql, LockedConnection locked, RefreshResult result,
            AtomicReference<LockedConnection> tokensIssuedTo) {
        if (result instanceof RefreshResult.Refreshed refreshed) {
            tokensIssuedTo.set(locked);
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
        if (result instanceof RefreshResult.Unusable unusable) {
            LOG.warnf("connection %s (%s): %s; postponed", locked.id(), locked.provider().slug(), unusable.cause());
            return postpone(sql, locked.id(), locked.refreshAttempts(), Duration.ZERO)
                    .replaceWith(RefreshOutcome.error);
        }
        RefreshResult.RetryLater later = (RefreshResult.RetryLater) result;
        Duration delay = backoff.after(locked.refreshAttempts(), later.delay());
        LOG.infof("connection %s (%s): %s; next attempt in %s", locked.id(), locked.provider().slug(), later.cause(),
                delay);
        return connections.postpone(sql, locked.id(), Instant.now().plus(delay)).replaceWith(RefreshOutcome.postponed);
    }

    private Uni<Void> postpone(SqlConnection sql, UUID id, int attempts, Duration providerAsked) {
        return connections.postpone(sql, id, Instant.now().plus(backoff.after(attempts, providerAsked)));
    }

    /** The provider issued no new tokens: trying the same refresh token again later is safe. */
    private Uni<RefreshOutcome> postponeAfter(UUID connectionId, Throwable failure) {
        // Only the class: an exception's message may quote what it failed on.
        LOG.warnf("connection %s: refresh failed (%s); postponed", connectionId, failure.getClass().getName());
        return connections.postponeAfterFailure(connectionId,
                        attempts -> Instant.now().plus(backoff.after(attempts, Duration.ZERO)))
                .replaceWith(RefreshOutcome.error)
                .onFailure().recoverWithItem(postponeFailure -> {
                    LOG.warnf("connection %s: could not be postponed (%s)", connectionId,
                            postponeFailure.getClass().getName());
                    return RefreshOutcome.error;
                });
    }

    /**
     * The provider issued new tokens and storing them failed: the old refresh token may be spent, so sending it again
     * could revoke the grant. The connection goes to {@code error} instead, for its team to link it again.
     */
    private Uni<RefreshOutcome> giveUpUnstored(LockedConnection locked, Throwable failure) {
        LOG.warnf("connection %s (%s): new tokens could not be stored (%s); marking it error", locked.id(),
                locked.provider().slug(), failure.getClass().getName());
        return connections.inTransaction(sql -> connections.markError(sql, locked, FailureReason.token_refresh_failed,
                        UNSTORED_MESSAGE))
                .replaceWith(RefreshOutcome.error)
                .onFailure().recoverWithItem(markFailure -> {
                    LOG.warnf("connection %s (%s): new tokens lost and the connection could not be marked error (%s)",
                            locked.id(), locked.provider().slug(), markFailure.getClass().getName());
                    return RefreshOutcome.error;
                });
    }

    private static SecretOwner owner(LockedConnection locked, String field) {
        return SecretOwner.ofConnection(locked.teamId(), locked.userId(), locked.provider().slug(), field);
    }
}
