package io.linkops.repository;

import io.linkops.domain.ConnectionStatus;
import io.linkops.domain.FailureReason;
import io.linkops.domain.LockedConnection;
import io.linkops.domain.Provider;
import io.linkops.domain.RefreshLock;
import io.linkops.domain.ReservedRefresh;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Refresh claims on connections. A round reserves due rows; a refresh claims its row for sending in a committed
 * statement before the refresh token leaves, and every later write is guarded by that claim, so no row lock or pooled
 * connection is held across a provider call and no refresh token is ever handed to two calls.
 */
@ApplicationScoped
public class TokenRefreshRepository {

    private static final String CLEAR_CLAIM =
            "refresh_claim_state = null, refresh_claimed_by = null, refresh_claimed_until = null";
    private static final String ERRORED_ROWS = "returning id, team_id, user_id, provider";

    private final Pool pool;
    private final ConnectionEventRepository events;

    public TokenRefreshRepository(Pool pool, ConnectionEventRepository events) {
        this.pool = pool;
        this.events = events;
    }

    /**
     * Reserves up to {@code limit} connected connections of these providers expiring before the given unix second,
     * soonest first, that are not backed off, not refreshed since {@code roundStart}, not claimed by a live refresh and
     * not under a paused credential. Rows another worker is reserving are skipped, not waited for.
     */
    public Uni<List<ReservedRefresh>> reserve(UUID worker, long expiringBefore, List<String> providers,
            Instant roundStart, int limit, Duration lease) {
        return pool.preparedQuery("update connections c set refresh_claim_state = 'reserved', refresh_claimed_by = $1, "
                        + "refresh_claimed_until = now() + make_interval(secs => $6) where c.id in ("
                        + "select d.id from connections d join custom_credentials k on k.id = d.credential_id "
                        + "where d.status = 'connected' and d.expires_at < $2 and d.provider = any($3) "
                        + "and (d.refresh_not_before is null or d.refresh_not_before <= now()) "
                        + "and (d.refreshed_at is null or d.refreshed_at < $4) "
                        + "and (d.refresh_claim_state is null "
                        + "or d.refresh_claim_state = 'reserved' and d.refresh_claimed_until < now()) "
                        + "and (k.refresh_paused_until is null or k.refresh_paused_until <= now()) "
                        + "order by d.expires_at limit $5 for update of d skip locked) "
                        + "returning c.id, c.credential_id, c.provider")
                .execute(Tuple.of(worker, expiringBefore, providers.toArray(String[]::new),
                        BulkOperationRepository.offset(roundStart), limit, seconds(lease)))
                .map(rows -> {
                    List<ReservedRefresh> reserved = new ArrayList<>();
                    for (Row row : rows) {
                        Provider.fromSlug(row.getString("provider")).ifPresent(provider -> reserved.add(
                                new ReservedRefresh(row.getUUID("id"), row.getUUID("credential_id"), provider)));
                    }
                    return reserved;
                });
    }

    /**
     * Claims the connection for sending its refresh token, committed before the call: it must be connected, expire
     * before the given unix second, and be free or reserved by this claimer (or by a reservation that lapsed).
     * Answers {@code Missed} otherwise, and {@code Unreadable} for a provider this build does not know.
     */
    public Uni<RefreshLock> claimForSending(UUID connectionId, UUID claimer, long expiringBefore, Duration lease) {
        return pool.preparedQuery("update connections c set refresh_claim_state = 'sending', refresh_claimed_by = $2, "
                        + "refresh_claimed_until = now() + make_interval(secs => $4) from custom_credentials k "
                        + "where c.id = $1 and k.id = c.credential_id and c.status = 'connected' and c.expires_at < $3 "
                        + "and (c.refresh_claim_state is null or c.refresh_claim_state = 'reserved' "
                        + "and (c.refresh_claimed_by = $2 or c.refresh_claimed_until < now())) "
                        + "returning c.id, c.team_id, c.user_id, c.provider, c.provider_user_id, c.refresh_token, "
                        + "c.expires_at, c.refresh_attempts, c.credential_id, k.client_id, k.client_secret")
                .execute(Tuple.of(connectionId, claimer, expiringBefore, seconds(lease)))
                .map(rows -> {
                    var iterator = rows.iterator();
                    return iterator.hasNext() ? claimOf(iterator.next()) : new RefreshLock.Missed();
                });
    }

    private static RefreshLock claimOf(Row row) {
        UUID id = row.getUUID("id");
        int attempts = row.getInteger("refresh_attempts");
        Optional<Provider> provider = Provider.fromSlug(row.getString("provider"));
        if (provider.isEmpty()) {
            return new RefreshLock.Unreadable(id, attempts, "provider");
        }
        return new RefreshLock.Held(new LockedConnection(id, row.getUUID("team_id"), row.getUUID("user_id"),
                provider.get(), row.getString("provider_user_id"), ConnectionStatus.connected,
                row.getBuffer("refresh_token").getBytes(), row.getLong("expires_at"), attempts,
                row.getUUID("credential_id"), row.getString("client_id"), row.getBuffer("client_secret").getBytes()));
    }

    /** Stores the new pair and ends the claim; false when the claim was no longer this claimer's. */
    public Uni<Boolean> storeRefreshed(UUID id, UUID claimer, byte[] sealedAccess, byte[] sealedRefresh,
            long expiresAt) {
        return pool.preparedQuery("update connections set access_token = $3, refresh_token = $4, expires_at = $5, "
                        + "refreshed_at = now(), updated_at = now(), refresh_attempts = 0, refresh_not_before = null, "
                        + CLEAR_CLAIM + " where id = $1 and refresh_claimed_by = $2 and refresh_claim_state = 'sending'")
                .execute(Tuple.of(id, claimer, Buffer.buffer(sealedAccess), Buffer.buffer(sealedRefresh), expiresAt))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Puts a claimed connection in error and records {@code provider.connection.error}, in one transaction; does
     * nothing when the claim is no longer this claimer's (the interrupted-refresh sweep got there first).
     */
    public Uni<Void> markError(LockedConnection locked, UUID claimer, FailureReason reason, String message) {
        return putInError("id = $3 and refresh_claimed_by = $4", reason, message, locked.id(), claimer)
                .replaceWithVoid();
    }

    /** Backs a claimed connection off until {@code notBefore} and ends the claim. */
    public Uni<Void> postpone(UUID id, UUID claimer, Instant notBefore) {
        return pool.preparedQuery("update connections set refresh_attempts = refresh_attempts + 1, "
                        + "refresh_not_before = $3, " + CLEAR_CLAIM + " where id = $1 and refresh_claimed_by = $2")
                .execute(Tuple.of(id, claimer, BulkOperationRepository.offset(notBefore)))
                .replaceWithVoid();
    }

    /**
     * Backs a connection this claimer holds off after a refresh that failed unexpectedly: the wait is computed from
     * the attempts counted so far. A row the claimer no longer holds is left alone.
     */
    public Uni<Void> postponeAfterFailure(UUID id, UUID claimer, IntFunction<Instant> notBeforeAfterAttempts) {
        return pool.preparedQuery("select refresh_attempts from connections where id = $1 and refresh_claimed_by = $2")
                .execute(Tuple.of(id, claimer))
                .chain(rows -> {
                    var iterator = rows.iterator();
                    return iterator.hasNext()
                            ? postpone(id, claimer, notBeforeAfterAttempts.apply(iterator.next().getInteger(0)))
                            : Uni.createFrom().voidItem();
                });
    }

    /** Gives back a reservation or claim nothing was sent for. */
    public Uni<Void> release(UUID id, UUID claimer) {
        return pool.preparedQuery("update connections set " + CLEAR_CLAIM
                        + " where id = $1 and refresh_claimed_by = $2")
                .execute(Tuple.of(id, claimer))
                .replaceWithVoid();
    }

    /** Gives back every reservation of this claimer nothing was sent for (a worker shutting down). */
    public Uni<Integer> releaseAll(UUID claimer) {
        return pool.preparedQuery("update connections set " + CLEAR_CLAIM
                        + " where refresh_claimed_by = $1 and refresh_claim_state = 'reserved'")
                .execute(Tuple.of(claimer))
                .map(RowSet::rowCount);
    }

    /** Stops refreshes under this credential until {@code until}, for every worker; never shortens a pause. */
    public Uni<Void> pauseCredential(UUID credentialId, Instant until) {
        return pool.preparedQuery("update custom_credentials set refresh_paused_until = "
                        + "greatest(coalesce(refresh_paused_until, $2), $2) where id = $1")
                .execute(Tuple.of(credentialId, BulkOperationRepository.offset(until)))
                .replaceWithVoid();
    }

    /**
     * Puts in error up to {@code limit} connections whose refresh token was claimed for sending by a worker that
     * never came back: the provider may have consumed it, so it is never sent again. Answers how many.
     */
    public Uni<List<UUID>> failInterrupted(String message, int limit) {
        return putInError("id in (select id from connections where refresh_claim_state = 'sending' "
                + "and refresh_claimed_until < now() limit $3 for update skip locked)",
                FailureReason.token_refresh_failed, message, limit);
    }

    /**
     * Puts in error up to {@code limit} connected connections of providers whose tokens expire but that this service
     * has no way to refresh, once their access token has expired: their team sees why instead of a silent expiry.
     */
    public Uni<List<UUID>> failUnrefreshable(List<String> providers, long expiredBefore, String message, int limit) {
        return putInError("id in (select id from connections where status = 'connected' and provider = any($4) "
                + "and expires_at < $5 and refresh_claim_state is null limit $3 for update skip locked)",
                FailureReason.token_refresh_failed, message, limit, providers.toArray(String[]::new), expiredBefore);
    }

    /**
     * Puts the connections the condition picks in error, ending any claim on them, and records
     * {@code provider.connection.error} for each, in one transaction; answers their ids. The condition's parameters
     * start at {@code $3} ({@code $1} and {@code $2} are the reason and message).
     */
    private Uni<List<UUID>> putInError(String condition, FailureReason reason, String message, Object... parameters) {
        Tuple tuple = Tuple.of(reason.name(), message);
        for (Object parameter : parameters) {
            tuple.addValue(parameter);
        }
        return pool.withTransaction(sql -> sql.preparedQuery("update connections set status = 'error', "
                                + "error_type = $1, error_message = $2, errored_at = now(), updated_at = now(), "
                                + CLEAR_CLAIM + " where " + condition + " " + ERRORED_ROWS)
                        .execute(tuple)
                        .chain(rows -> recordErrors(sql, rows, reason, message)));
    }

    private Uni<List<UUID>> recordErrors(SqlConnection sql, RowSet<Row> rows, FailureReason reason, String message) {
        List<Row> errored = new ArrayList<>();
        rows.forEach(errored::add);
        List<UUID> ids = errored.stream().map(row -> row.getUUID("id")).toList();
        return Multi.createFrom().iterable(errored)
                .onItem().transformToUniAndConcatenate(row -> Provider.fromSlug(row.getString("provider"))
                        .map(provider -> events.connectionErrored(sql, row.getUUID("team_id"), provider,
                                row.getUUID("user_id"), reason, message))
                        .orElseGet(() -> Uni.createFrom().voidItem()))
                .collect().last()
                .replaceWith(ids);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
