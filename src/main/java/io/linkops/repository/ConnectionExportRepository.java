package io.linkops.repository;

import io.linkops.domain.Provider;
import io.linkops.domain.StoredConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads and pauses a team's connections in bulk. Export pages are keyed by connection id, which never changes for
 * a connection (a re-import updates its row), so concurrent imports cannot make a page skip or repeat one.
 */
@ApplicationScoped
public class ConnectionExportRepository {

    private static final String COLUMNS = "c.id, c.user_id, c.provider_user_id, c.access_token, c.refresh_token, "
            + "c.expires_at, c.oauth_scopes";

    private final Pool pool;

    public ConnectionExportRepository(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} connections bound to the credential, with ids after {@code afterId}, in id order. */
    public Uni<List<StoredConnection>> page(UUID teamId, Provider provider, UUID credentialId, List<UUID> userIds,
            UUID afterId, int limit) {
        // PostgreSQL orders uuids as unsigned bytes, and the all-zero uuid sorts first.
        UUID after = afterId == null ? new UUID(0, 0) : afterId;
        if (userIds == null) {
            return pool.preparedQuery("select " + COLUMNS + " from connections c where c.team_id = $1 "
                            + "and c.provider = $2 and c.credential_id = $3 and c.id > $4 order by c.id limit $5")
                    .execute(Tuple.of(teamId, provider.slug(), credentialId, after, limit))
                    .map(ConnectionExportRepository::connections);
        }
        return pool.preparedQuery("select " + COLUMNS + " from unnest($4::uuid[]) as t(user_id) "
                        + "join connections c on c.team_id = $1 and c.user_id = t.user_id and c.provider = $2 "
                        + "where c.credential_id = $3 and c.id > $5 order by c.id limit $6")
                .execute(Tuple.tuple().addValue(teamId).addValue(provider.slug()).addValue(credentialId)
                        .addValue(userIds.toArray(UUID[]::new)).addValue(after).addValue(limit))
                .map(ConnectionExportRepository::connections);
    }

    /** Pauses the listed users' connections to the provider; users without one are ignored. */
    public Uni<Integer> pause(UUID teamId, Provider provider, List<UUID> userIds) {
        return pool.preparedQuery("update connections c set status = 'paused', updated_at = now() "
                        + "from unnest($3::uuid[]) as t(user_id) "
                        + "where c.team_id = $1 and c.provider = $2 and c.user_id = t.user_id and c.status <> 'paused'")
                .execute(Tuple.of(teamId, provider.slug(), userIds.toArray(UUID[]::new)))
                .map(RowSet::rowCount);
    }

    private static List<StoredConnection> connections(RowSet<Row> rows) {
        List<StoredConnection> connections = new ArrayList<>();
        for (Row row : rows) {
            connections.add(new StoredConnection(row.getUUID("id"), row.getUUID("user_id"),
                    row.getString("provider_user_id"), row.getBuffer("access_token").getBytes(),
                    row.getBuffer("refresh_token").getBytes(), row.getLong("expires_at"),
                    row.getString("oauth_scopes")));
        }
        return connections;
    }
}
