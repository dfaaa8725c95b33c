package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.ConnectionWrite;
import io.linkops.domain.ItemOutcome;
import io.linkops.domain.Provider;
import io.linkops.domain.TeamCredential;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The worker's writes: one transaction per batch records each item's outcome and upserts the connections of the
 * items recorded for the first time, with set-based SQL. Item rows are keyed by (op, index), so a redelivered
 * record inserts nothing, upserts nothing and counts nothing.
 */
@ApplicationScoped
public class ConnectionImportRepository {

    private static final String UPSERT_CONNECTIONS = "insert into connections (id, team_id, user_id, provider, "
            + "provider_user_id, credential_id, access_token, refresh_token, expires_at, oauth_scopes, status, "
            + "created_at, updated_at) "
            + "select gen_random_uuid(), $1, u, $2, p, $3, a, r, e, s, 'connected', now(), now() "
            + "from unnest($4::uuid[], $5::text[], $6::bytea[], $7::bytea[], $8::bigint[], $9::text[]) "
            + "as t(u, p, a, r, e, s) "
            + "on conflict (team_id, user_id, provider) do update set provider_user_id = excluded.provider_user_id, "
            + "credential_id = excluded.credential_id, access_token = excluded.access_token, "
            + "refresh_token = excluded.refresh_token, expires_at = excluded.expires_at, "
            + "oauth_scopes = excluded.oauth_scopes, status = 'connected', error_type = null, error_message = null, "
            + "errored_at = null, updated_at = excluded.updated_at";

    /**
     * Each id a primary-key lookup, whatever the statistics say about the team. "id = any($2)" let the planner scan
     * the whole team and test every row against the array (a second per batch at 100,000 users); a plain join did the
     * same for a team the statistics did not know yet (estimated at one user, so scanning it looked free). The
     * subquery's OFFSET 0 keeps the team condition out of it, so only the primary key can find the rows.
     */
    static final String CLIENT_USER_IDS = "select u.id, u.client_user_id from (select u.id, u.client_user_id, "
            + "u.team_id from unnest($2::uuid[]) as t(id) join users u on u.id = t.id offset 0) u where u.team_id = $1";

    /**
     * A scalar subquery per id stays an index probe each: as a join (even a lateral one, which the planner flattens)
     * it hashed the whole team's connections, spilling to disk, once a team held 100,000 of them. No index is led
     * by team_id (V15), so a team the statistics do not know cannot turn the probe into a scan of the team.
     */
    static final String OWNERS_OF = "select t.p as provider_user_id, (select c.user_id from connections c "
            + "where c.team_id = $1 and c.provider = $2 and c.provider_user_id = t.p) as user_id "
            + "from unnest($3::text[]) as t(p)";

    private final Pool pool;
    private final ConnectionEventRepository events;

    public ConnectionImportRepository(Pool pool, ConnectionEventRepository events) {
        this.pool = pool;
        this.events = events;
    }

    /** The client user id of each of these users that belongs to the team; users of other teams are absent. */
    public Uni<Map<UUID, String>> clientUserIds(UUID teamId, Collection<UUID> userIds) {
        return pool.preparedQuery(CLIENT_USER_IDS)
                .execute(Tuple.of(teamId, userIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, String> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getUUID("id"), row.getString("client_user_id")));
                    return found;
                });
    }

    /** The team's credential for the provider, or a null item when it has none. */
    public Uni<TeamCredential> credential(UUID teamId, Provider provider) {
        return pool.preparedQuery("select id, client_id, client_secret from custom_credentials "
                        + "where team_id = $1 and provider = $2")
                .execute(Tuple.of(teamId, provider.slug()))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return null;
                    }
                    Row row = iterator.next();
                    return new TeamCredential(row.getUUID("id"), row.getString("client_id"),
                            row.getBuffer("client_secret").getBytes());
                });
    }

    /** Which of these item indexes the op has already recorded (their records are redeliveries). */
    public Uni<Set<Integer>> recordedItems(UUID opId, Collection<Integer> indexes) {
        return OpProgressRepository.recordedAmong(pool, opId, indexes);
    }

    /** Which user of the team each of these provider accounts is connected to now. */
    public Uni<Map<String, UUID>> ownersOf(UUID teamId, Provider provider, Collection<String> providerUserIds) {
        return pool.preparedQuery(OWNERS_OF)
                .execute(Tuple.of(teamId, provider.slug(), providerUserIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, UUID> owners = new HashMap<>();
                    for (Row row : rows) {
                        UUID owner = row.getUUID("user_id");
                        if (owner != null) {
                            owners.put(row.getString("provider_user_id"), owner);
                        }
                    }
                    return owners;
                });
    }

    /**
     * Records the outcomes and upserts the connections of newly recorded successes, in one transaction. An op that
     * is no longer in progress (finished, or aborted) is left as it is, and so is everything of the batch.
     */
    public Uni<BatchRecorded> recordBatch(UUID opId, UUID teamId, Provider provider, UUID credentialId,
            List<ItemOutcome> outcomes, Map<Integer, ConnectionWrite> writes, Map<UUID, String> clientUserIds) {
        // No lock on the op's row while the batch is written: workers sharing an op would queue behind it. The
        // count at the end is one atomic update, guarded by the op's status; if the op ended meanwhile, the whole
        // transaction rolls back and nothing of the batch is applied.
        return pool.withTransaction(connection -> OpProgressRepository.status(connection, opId)
                .chain(status -> {
                    if (status != BulkOpStatus.in_progress) {
                        return Uni.createFrom().item(
                                BatchRecorded.nothingNew(status == null ? BulkOpStatus.aborted : status));
                    }
                    return OpProgressRepository.insertOutcomes(connection, opId, outcomes)
                            .chain(newIndexes -> upsertConnections(connection, teamId, provider, credentialId,
                                    writes, newIndexes)
                                    .chain(connected -> events.connectionCreated(connection, teamId, provider,
                                            clientUserIdsOf(connected, clientUserIds)))
                                    .chain(() -> OpProgressRepository.countOrRollBack(connection, opId, outcomes,
                                            newIndexes)));
                }))
                .onFailure(OpProgressRepository.OpNotInProgress.class)
                .recoverWithUni(() -> pool.withConnection(connection -> OpProgressRepository.status(connection, opId))
                        .map(status -> BatchRecorded.nothingNew(status == null ? BulkOpStatus.aborted : status)));
    }

    private static Map<UUID, String> clientUserIdsOf(List<UUID> users, Map<UUID, String> clientUserIds) {
        Map<UUID, String> connected = new LinkedHashMap<>();
        users.forEach(user -> connected.put(user, clientUserIds.get(user)));
        return connected;
    }

    /** Upserts the connections of newly recorded items; answers their users. */
    private static Uni<List<UUID>> upsertConnections(SqlConnection connection, UUID teamId, Provider provider,
            UUID credentialId, Map<Integer, ConnectionWrite> writes, Set<Integer> newIndexes) {
        List<ConnectionWrite> fresh = writes.values().stream()
                .filter(write -> newIndexes.contains(write.itemIndex()))
                .toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int size = fresh.size();
        UUID[] users = new UUID[size];
        String[] providerUserIds = new String[size];
        Buffer[] accessTokens = new Buffer[size];
        Buffer[] refreshTokens = new Buffer[size];
        Long[] expiresAt = new Long[size];
        String[] scopes = new String[size];
        for (int i = 0; i < size; i++) {
            ConnectionWrite write = fresh.get(i);
            users[i] = write.userId();
            providerUserIds[i] = write.providerUserId();
            accessTokens[i] = Buffer.buffer(write.sealedAccessToken());
            refreshTokens[i] = Buffer.buffer(write.sealedRefreshToken());
            expiresAt[i] = write.expiresAt();
            scopes[i] = write.oauthScopesJson();
        }
        return connection.preparedQuery(UPSERT_CONNECTIONS)
                .execute(Tuple.tuple().addValue(teamId).addValue(provider.slug()).addValue(credentialId)
                        .addValue(users).addValue(providerUserIds).addValue(accessTokens).addValue(refreshTokens)
                        .addValue(expiresAt).addValue(scopes))
                .replaceWith(List.of(users));
    }
}
