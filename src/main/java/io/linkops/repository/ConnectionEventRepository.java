package io.linkops.repository;

import io.linkops.domain.ConnectionEvent;
import io.linkops.domain.FailureReason;
import io.linkops.domain.Provider;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The connection-event outbox. Events are written by the transaction that changed the connection, in Junction's
 * webhook shape plus an {@code event_id} for de-duplication, and deleted only once the broker has them. A relay claims
 * events for a lease and publishes them outside any transaction; an event its relay failed to publish is released,
 * one whose relay died goes out again when the claim expires, with the {@code event_id} stored in its payload.
 */
@ApplicationScoped
public class ConnectionEventRepository {

    // Lines per outbox row: a row stays well under half a G1 region (512 KB in a 512 MB heap), so that neither the
    // row nor the relay's copies of it need contiguous humongous space; 2,000 per row ran a busy worker out of heap.
    static final int EVENTS_PER_ROW = 400;
    private static final String PROVIDER_JSON = "json_build_object('name', $3::text, 'slug', $2::text, "
            + "'logo', $4::text)";

    /**
     * How long a claim holds events. Longer than the producer's delivery timeout (120 s), so a live relay's claim
     * never expires while its send may still succeed: only a dead relay's events go out again.
     */
    public static final Duration CLAIM_LEASE = Duration.ofMinutes(3);

    private final Pool pool;

    public ConnectionEventRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * {@code provider.connection.created} for each user (user id to client user id), inside the caller's transaction:
     * outbox rows naming the provider and holding a line per event (up to {@value #EVENTS_PER_ROW} each), the user id,
     * a space and the client user id as a JSON string (never a raw newline). The relay writes each event's JSON.
     */
    public Uni<Void> connectionCreated(SqlConnection connection, UUID teamId, Provider provider,
            Map<UUID, String> clientUserIds) {
        if (clientUserIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = clientUserIds.size();
        UUID[] users = new UUID[size];
        String[] clients = new String[size];
        int i = 0;
        for (Map.Entry<UUID, String> user : clientUserIds.entrySet()) {
            users[i] = user.getKey();
            clients[i++] = user.getValue();
        }
        return connection.preparedQuery("insert into connection_events (id, team_id, user_id, event_type, provider, "
                        + "payload) select gen_random_uuid(), $1, null, 'provider.connection.created', $2, "
                        + "string_agg(e.u::text || ' ' || to_json(e.c)::text, E'\\n') "
                        + "from (select u, c, (row_number() over () - 1) / " + EVENTS_PER_ROW + " as chunk "
                        + "from unnest($3::uuid[], $4::text[]) as t(u, c)) e group by e.chunk")
                .execute(Tuple.of(teamId, provider.slug(), users, clients))
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
     * Claims up to {@code limit} of the oldest events not claimed (or whose claim expired; rows another relay is
     * claiming are skipped) under {@code claimId} for {@link #CLAIM_LEASE}, in one statement; answers them oldest
     * first. The caller publishes them outside any transaction, then {@link #delete}s what the broker acknowledged and
     * {@link #release}s the rest.
     */
    public Uni<List<ConnectionEvent>> claim(UUID claimId, int limit) {
        return pool.preparedQuery("with claimed as (update connection_events e set claim_id = $1, "
                        + "claimed_until = now() + make_interval(secs => $2) from (select id from connection_events "
                        + "where claimed_until is null or claimed_until <= now() order by created_at limit $3 "
                        + "for update skip locked) c where e.id = c.id "
                        + "returning e.id, e.team_id, e.user_id, e.event_type, e.provider, e.payload, e.created_at) "
                        + "select id, team_id, user_id, event_type, provider, payload from claimed order by created_at")
                .execute(Tuple.of(claimId, (double) CLAIM_LEASE.toSeconds(), limit))
                .map(rows -> {
                    List<ConnectionEvent> events = new ArrayList<>();
                    rows.forEach(row -> events.add(new ConnectionEvent(row.getUUID("id"), row.getUUID("team_id"),
                            row.getUUID("user_id"), row.getString("event_type"), row.getString("provider"),
                            row.getString("payload"))));
                    return events;
                });
    }

    /** Removes events the broker acknowledged. */
    public Uni<Void> delete(List<UUID> eventIds) {
        return pool.preparedQuery("delete from connection_events where id = any($1)")
                .execute(Tuple.of(eventIds.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /** Gives back this claim on events that were not published, so that a later round relays them. */
    public Uni<Void> release(UUID claimId, List<UUID> eventIds) {
        return pool.preparedQuery("update connection_events set claim_id = null, claimed_until = null "
                        + "where claim_id = $1 and id = any($2)")
                .execute(Tuple.of(claimId, eventIds.toArray(UUID[]::new)))
                .replaceWithVoid();
    }
}
