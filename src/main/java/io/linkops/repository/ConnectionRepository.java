package io.linkops.repository;

import io.linkops.domain.ConnectionStatus;
import io.linkops.domain.ConnectionSummary;
import io.linkops.domain.Provider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Connections through the reactive SQL client: they are written in bulk, so the set-based path owns them. */
@ApplicationScoped
public class ConnectionRepository {

    private static final String SUMMARY_COLUMNS = "user_id, provider, provider_user_id, status, error_type, "
            + "error_message, errored_at, created_at";

    private final Pool pool;

    public ConnectionRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ConnectionSummary>> summariesOfUsers(UUID teamId, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("select " + SUMMARY_COLUMNS + " from unnest($2::uuid[]) as t(id) "
                        + "join connections c on c.user_id = t.id where c.team_id = $1 order by c.created_at, c.provider")
                .execute(Tuple.of(teamId, userIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<ConnectionSummary> summaries = new ArrayList<>();
                    rows.forEach(row -> summaries.add(summaryOf(row)));
                    return summaries;
                });
    }

    /** Removes the connection and with it its tokens; answers whether there was one. */
    public Uni<Boolean> delete(UUID teamId, UUID userId, Provider provider) {
        return pool.preparedQuery("delete from connections where team_id = $1 and user_id = $2 and provider = $3")
                .execute(Tuple.of(teamId, userId, provider.slug()))
                .map(result -> result.rowCount() > 0);
    }

    private static ConnectionSummary summaryOf(Row row) {
        return new ConnectionSummary(
                row.getUUID("user_id"),
                Provider.fromSlug(row.getString("provider")).orElseThrow(),
                row.getString("provider_user_id"),
                ConnectionStatus.valueOf(row.getString("status")),
                row.getString("error_type"),
                row.getString("error_message"),
                instant(row.getOffsetDateTime("errored_at")),
                instant(row.getOffsetDateTime("created_at")));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
