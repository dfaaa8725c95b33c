package io.linkops.service;

import io.linkops.client.RefreshRequest;
import io.linkops.client.TokenRefreshAdapters;
import io.linkops.config.LinkopsConfig;
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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Refreshes one connection's tokens with the team's own credential. The row is claimed for sending, committed, before
 * its refresh token leaves, and every write after the call is guarded by that claim: a single-use refresh token goes
 * to one call only, and one whose worker died mid-call is never sent again (the interrupted-refresh sweep puts that
 * connection in error). Whatever goes wrong with one connection ends as an outcome of that connection, never as a
 * failure of the caller.
 */
@ApplicationScoped
public class TokenRefreshService {

    private static final Logger LOG = Logger.getLogger(TokenRefreshService.class);
    private static final String UNSTORED_MESSAGE =
            "The provider issued new tokens that could not be stored; the connection must be linked again.";
    /** Beyond the call's own bound: how long a live worker may take to store what the provider answered. */
    private static final Duration STORE_MARGIN = Duration.ofMinutes(1);

    private final TokenRefreshRepository connections;
    private final TokenRefreshAdapters adapters;
    private final SecretCipher cipher;
    private final LinkopsConfig config;
    private final RefreshBackoff backoff;
    private final Map<UUID, Instant> pausedCredentials = new ConcurrentHashMap<>();

    public TokenRefreshService(TokenRefreshRepository connections, TokenRefreshAdapters adapters, SecretCipher cipher,
            LinkopsConfig config) {
        this.connections = connections;
        this.adapters = adapters;
        this.cipher = cipher;
        this.config = config;
        this.backoff = new RefreshBackoff(config.refresher().firstBackoff(), config.refresher().maxBackoff());
    }

    /** How long a claim for sending lasts before its connection counts as interrupted mid-call. */
    public Duration sendingLease() {
        return config.refresher().callTimeout().plus(STORE_MARGIN);
    }

    /**
     * Refreshes the connection if it is connected, refreshable, not claimed by another refresh and (when
     * {@code onlyIfDue}) about to expire. Never fails: an unexpected failure postpones the connection and answers
     * {@link RefreshOutcome#error}.
     */
    public Uni<RefreshOutcome> refresh(UUID connectionId, boolean onlyIfDue) {
        long expiringBefore = onlyIfDue ? Instant.now().plus(config.refresher().window()).getEpochSecond()
                : Long.MAX_VALUE;
        return refresh(UUID.randomUUID(), connectionId, expiringBefore);
    }

    /** Refreshes a connection free or reserved by {@code claimer} that expires before the given unix second. */
    public Uni<RefreshOutcome> refresh(UUID claimer, UUID connectionId, long expiringBefore) {
        AtomicReference<LockedConnection> tokensIssuedTo = new AtomicReference<>();
        return connections.claimForSending(connectionId, claimer, expiringBefore, sendingLease())
                .chain(lock -> refreshClaimed(claimer, lock, tokensIssuedTo))
                .onFailure().recoverWithUni(failure -> tokensIssuedTo.get() == null
                        ? postponeAfter(connectionId, claimer, failure)
                        : giveUpUnstored(claimer, tokensIssuedTo.get(), failure));
    }

    /** Whether a provider's 429 paused refreshes under this credential, as this worker last heard. */
    public boolean isPaused(UUID credentialId) {
        Instant until = pausedCredentials.get(credentialId);
        if (until == null) {
            return false;
        }
        if (until.isAfter(Instant.now())) {
            return true;
        }
        pausedCredentials.remove(credentialId, until);
        return false;
    }

    private Uni<RefreshOutcome> refreshClaimed(UUID claimer, RefreshLock lock,
            AtomicReference<LockedConnection> tokensIssuedTo) {
        if (lock instanceof RefreshLock.Unreadable unreadable) {
            LOG.warnf("connection %s: stored %s unknown to this service; postponed", unreadable.id(),
                    unreadable.column());
            return connections.postpone(unreadable.id(), claimer, notBefore(unreadable.refreshAttempts(),
                    Duration.ZERO)).replaceWith(RefreshOutcome.error);
        }
        if (!(lock instanceof RefreshLock.Held held)) {
            return Uni.createFrom().item(RefreshOutcome.skipped);
        }
        LockedConnection locked = held.connection();
        return adapters.endpointOf(locked.provider())
                .map(endpoint -> endpoint.adapter().refresh(request(locked, endpoint))
                        .chain(result -> apply(claimer, locked, result, tokensIssuedTo)))
                .orElseGet(() -> connections.release(locked.id(), claimer).replaceWith(RefreshOutcome.skipped));
    }

    private RefreshRequest request(LockedConnection locked, TokenRefreshAdapters.Endpoint endpoint) {
        String secret = cipher.decrypt(locked.sealedClientSecret(),
                SecretOwner.ofCredential(locked.teamId(), locked.provider().slug()));
        String refreshToken = cipher.decrypt(locked.sealedRefreshToken(), owner(locked, "refresh_token"));
        return new RefreshRequest(endpoint.tokenUrl(), locked.clientId(), secret, refreshToken,
                endpoint.basicAuthentication(), locked.providerUserId());
    }

    private Uni<RefreshOutcome> apply(UUID claimer, LockedConnection locked, RefreshResult result,
            AtomicReference<LockedConnection> tokensIssuedTo) {
        if (result instanceof RefreshResult.Refreshed refreshed) {
            tokensIssuedTo.set(locked);
            TokenPair tokens = refreshed.tokens();
            return connections.storeRefreshed(locked.id(), claimer,
                            cipher.encrypt(tokens.accessToken(), owner(locked, "access_token")),
                            cipher.encrypt(tokens.refreshToken(), owner(locked, "refresh_token")),
                            tokens.expiresAt())
                    .map(stored -> {
                        if (!stored) {
                            LOG.warnf("connection %s (%s): new tokens arrived after its claim lapsed and were not "
                                    + "stored", locked.id(), locked.provider().slug());
                        }
                        return stored ? RefreshOutcome.refreshed : RefreshOutcome.error;
                    });
        }
        if (result instanceof RefreshResult.Rejected rejected) {
            LOG.warnf("connection %s (%s): refresh refused, %s", locked.id(), locked.provider().slug(),
                    rejected.reason());
            return connections.markError(locked, claimer, rejected.reason(), rejected.message())
                    .replaceWith(RefreshOutcome.failed);
        }
        if (result instanceof RefreshResult.Unusable unusable) {
            LOG.warnf("connection %s (%s): %s; postponed", locked.id(), locked.provider().slug(), unusable.cause());
            return connections.postpone(locked.id(), claimer, notBefore(locked.refreshAttempts(), Duration.ZERO))
                    .replaceWith(RefreshOutcome.error);
        }
        RefreshResult.RetryLater later = (RefreshResult.RetryLater) result;
        Duration delay = backoff.after(locked.refreshAttempts(), later.delay());
        LOG.infof("connection %s (%s): %s; next attempt in %s", locked.id(), locked.provider().slug(), later.cause(),
                delay);
        Uni<Void> postponed = connections.postpone(locked.id(), claimer, Instant.now().plus(delay));
        if (!later.throttled()) {
            return postponed.replaceWith(RefreshOutcome.postponed);
        }
        // A 429 speaks for the team's whole OAuth client: every worker holds off that credential, and only it.
        Instant until = Instant.now().plus(later.delay());
        pausedCredentials.merge(locked.credentialId(), until, (held, asked) -> held.isAfter(asked) ? held : asked);
        LOG.warnf("credential %s (%s): rate limited by the provider; its refreshes pause for %s",
                locked.credentialId(), locked.provider().slug(), later.delay());
        return postponed.chain(() -> connections.pauseCredential(locked.credentialId(), until))
                .replaceWith(RefreshOutcome.postponed);
    }

    private Instant notBefore(int attempts, Duration providerAsked) {
        return Instant.now().plus(backoff.after(attempts, providerAsked));
    }

    /** The provider issued no new tokens: trying the same refresh token again later is safe. */
    private Uni<RefreshOutcome> postponeAfter(UUID connectionId, UUID claimer, Throwable failure) {
        // Only the class: an exception's message may quote what it failed on.
        LOG.warnf("connection %s: refresh failed (%s); postponed", connectionId, failure.getClass().getName());
        return connections.postponeAfterFailure(connectionId, claimer, attempts -> notBefore(attempts, Duration.ZERO))
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
    private Uni<RefreshOutcome> giveUpUnstored(UUID claimer, LockedConnection locked, Throwable failure) {
        LOG.warnf("connection %s (%s): new tokens could not be stored (%s); marking it error", locked.id(),
                locked.provider().slug(), failure.getClass().getName());
        return connections.markError(locked, claimer, FailureReason.token_refresh_failed, UNSTORED_MESSAGE)
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
