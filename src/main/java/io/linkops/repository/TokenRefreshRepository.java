package io.linkops.repository;

import io.linkops.domain.ConnectionStatus;
import io.linkops.domain.FailureReason;
import io.linkops.domain.LockedConnection;
import io.linkops.domain.Provider;
import io.linkops.domain.RefreshLock;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Refresh runs inside one transaction that holds the connection's row lock across the call to the provider: the new
 * pair is written in the transaction that consumed the old one, and no second refresh of the row can start.
 */
@ApplicationScoped
public class TokenRefreshRepository {

    private final Pool pool;
    private final ConnectionEventRepository events;

    public TokenRefreshRepository(Pool pool, ConnectionEventRepository events) {
        this.pool = pool;
        this.events = events;
    }

    /** Connected connections of these providers expiring before the given unix second, soonest first. */
    public Uni<List<UUID>> due(long expiringBefore, List<String> providers, int limit) {
        return pool.preparedQuery("select id from connections where status = 'connected' and expires_at < $1 "
                        + "and provider = any($2) and (refresh_not_before is null or refresh_not_before <= now()) "
                        + "order by expires_at limit $3")
                .execute(Tuple.of(expiringBefore, providers.toArray(String[]::new), limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /**
     * Locks the connection; answers {@code Missed} when another refresh holds it (or it or its credential is gone),
     * and {@code Unreadable} rather than failing when its provider or status is one this build does not know.
     */
    public Uni<RefreshLock> lock(SqlConnection connection, UUID id) {
        return connection.preparedQuery("select c.id, c.team_id, c.user_id, c.provider, c.status, c.refresh_token, "
                        + "c.expires_at, c.refresh_attempts, k.client_id, k.client_secret from connections c "
                        + "join custom_credentials k on k.id = c.credential_id where c.id = $1 "
                        + "for update of c skip locked")
                .execute(Tuple.of(id))
                .map(rows -> {
                    var iterator = rows.iterator();
                    return iterator.hasNext() ? lockOf(iterator.next()) : new RefreshLock.Missed();
                });
    }

    private static RefreshLock lockOf(Row row) {
        UUID id = row.getUUID("id");
        int attempts = row.getInteger("refresh_attempts");
        Optional<Provider> provider = Provider.fromSlug(row.getString("provider"));
        if (provider.isEmpty()) {
            return new RefreshLock.Unreadable(id, attempts, "provider");
        }
        Optional<ConnectionStatus> status = Arrays.stream(ConnectionStatus.values())
                .filter(known -> known.name().equals(row.getString("status")))
                .findFirst();
        if (status.isEmpty()) {
            return new RefreshLock.Unreadable(id, attempts, "status");
        }
        return new RefreshLock.Held(new LockedConnection(id, row.getUUID("team_id"), row.getUUID("user_id"),
                provider.get(), status.get(), row.getBuffer("refresh_token").getBytes(), row.getLong("expires_at"),
                attempts, row.getString("client_id"), row.getBuffer("client_secret").getBytes()));
    }

    public Uni<Void> storeRefreshed(SqlConnection connection, UUID id, byte[] sealedAccess, byte[] sealedRefresh,
            long expiresAt) {
        return connection.preparedQuery("update connections set access_token = $2, refresh_token = $3, "
                        + "expires_at = $4, refreshed_at = now(), updated_at = now(), refresh_attempts = 0, "
                        + "refresh_not_before = null where id = $1")
                .execute(Tuple.of(id, Buffer.buffer(sealedAccess), Buffer.buffer(sealedRefresh), expiresAt))
                .replaceWithVoid();
    }

    /** Puts the connection in error and records {@code provider.connection.error}, in the same transaction. */
    public Uni<Void> markError(SqlConnection connection, LockedConnection locked, FailureReason reason,
            String message) {
        return connection.preparedQuery("update connections set status = 'error', error_type = $2, "
                        + "error_message = $3, errored_at = now(), updated_at = now() where id = $1")
                .execute(Tuple.of(locked.id(), reason.name(), message))
                .chain(() -> events.connectionErrored(connection, locked.teamId(), locked.provider(),
                        locked.userId(), reason, message));
    }

    /**
     * Postpones the connection in a transaction of its own, after a refresh whose transaction failed: the wait is
     * computed from the attempts counted so far. A row another refresh holds now is left to that refresh.
     */
    public Uni<Void> postponeAfterFailure(UUID id, IntFunction<Instant> notBeforeAfterAttempts) {
        return pool.withTransaction(connection -> connection.preparedQuery("select refresh_attempts from connections "
                        + "where id = $1 for update skip locked")
                .execute(Tuple.of(id))
                .chain(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return Uni.createFrom().voidItem();
                    }
                    return postpone(connection, id, notBeforeAfterAttempts.apply(iterator.next().getInteger(0)));
                }));
    }

    public Uni<Void> postpone(SqlConnection connection, UUID id, Instant notBefore) {
        return connection.preparedQuery("update connections set refresh_attempts = refresh_attempts + 1, "
                        + "refresh_not_before = $2 where id = $1")
                .execute(Tuple.of(id, BulkOperationRepository.offset(notBefore)))
                .replaceWithVoid();
    }
}
