package io.linkops.repository;

import io.linkops.domain.ConnectionEvent;
import io.linkops.domain.FailureReason;
import io.linkops.domain.Provider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The connection-event outbox. Events are written by the transaction that changed the connection, in Junction's
 * webhook shape plus an {@code event_id} for de-duplication, and deleted only once the broker has them.
 */
@ApplicationScoped
public class ConnectionEventRepository {

    private static final String PROVIDER_JSON = "json_build_object('name', $3::text, 'slug', $2::text, "
            + "'logo', $4::text)";

    private final Pool pool;

    public ConnectionEventRepository(Pool pool) {
        this.pool = pool;
    }

    /** {@code provider.connection.created} for each user, inside the caller's transaction. */
    public Uni<Void> connectionCreated(SqlConnection connection, UUID teamId, Provider provider,
            Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("insert into connection_events (id, team_id, user_id, event_type, payload) "
                        + "select e.id, $1, e.user_id, 'provider.connection.created', json_build_object("
                        + "'event_id', e.id, 'event_type', 'provider.connection.created', 'team_id', $1::uuid, "
                        + "'user_id', e.user_id, 'client_user_id', e.client_user_id, 'data', json_build_object("
                        + "'user_id', e.user_id, 'provider', " + PROVIDER_JSON + ", "
                        + "'resource_availability', json_build_object()))::text "
                        + "from (select gen_random_uuid() as id, u.id as user_id, u.client_user_id "
                        + "from unnest($5::uuid[]) as t(id) join users u on u.id = t.id) e")
                .execute(Tuple.tuple().addValue(teamId).addValue(provider.slug()).addValue(provider.displayName())
                        .addValue(provider.logoUrl()).addValue(userIds.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /** {@code provider.connection.error} for one connection, inside the caller's transaction. */
    public Uni<Void> connectionErrored(SqlConnection connection, UUID teamId, Provider provider, UUID userId,
            FailureReason reason, String message) {
        return connection.preparedQuery("insert into connection_events (id, team_id, user_id, event_type, payload) "
                        + "select e.id, $1, e.user_id, 'provider.connection.error', json_build_object("
                        + "'event_id', e.id, 'event_type', 'provider.connection.error', 'team_id', $1::uuid, "
                        + "'user_id', e.user_id, 'client_user_id', e.client_user_id, 'data', json_build_object("
                        + "'user_id', e.user_id, 'provider', " + PROVIDER_JSON + ", 'error_type', $6::text, "
                        + "'error_message', $7::text, 'errored_at', to_char(now() at time zone 'utc', "
                        + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')))::text "
                        + "from (select gen_random_uuid() as id, u.id as user_id, u.client_user_id "
                        + "from users u where u.id = $5) e")
                .execute(Tuple.tuple().addValue(teamId).addValue(provider.slug()).addValue(provider.displayName())
                        .addValue(provider.logoUrl()).addValue(userId).addValue(reason.name()).addValue(message))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} of the oldest events (rows another relay holds are skipped), hands them to
     * {@code publish}, and deletes them only if it succeeds; answers how many were relayed.
     */
    public Uni<Integer> relay(int limit, Function<List<ConnectionEvent>, Uni<Void>> publish) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select id, user_id, event_type, payload from connection_events "
                        + "order by created_at limit $1 for update skip locked")
                .execute(Tuple.of(limit))
                .chain(rows -> {
                    List<ConnectionEvent> events = new ArrayList<>();
                    rows.forEach(row -> events.add(new ConnectionEvent(row.getUUID("id"), row.getUUID("user_id"),
                            row.getString("event_type"), row.getString("payload"))));
                    if (events.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return publish.apply(events)
                            .chain(() -> connection.preparedQuery("delete from connection_events where id = any($1)")
                                    .execute(Tuple.of(events.stream().map(ConnectionEvent::id).toArray(UUID[]::new))))
                            .replaceWith(events.size());
                }));
    }
}
