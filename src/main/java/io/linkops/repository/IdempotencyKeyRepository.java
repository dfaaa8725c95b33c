package io.linkops.repository;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.IdempotencyDecision.HeldKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/** Idempotency keys of bulk requests, per team, shared by every API replica through the database. */
@ApplicationScoped
public class IdempotencyKeyRepository {

    // A key past its retention is free again: the same statement takes it over.
    private static final String CLAIM = "insert into idempotency_keys (team_id, idem_key, fingerprint, op_id, "
            + "created_at) values ($1, $2, $3, $4, now()) on conflict (team_id, idem_key) do update set "
            + "fingerprint = excluded.fingerprint, op_id = excluded.op_id, created_at = now() "
            + "where idempotency_keys.created_at < now() - make_interval(secs => $5) returning op_id";

    private static final String HELD = "select k.fingerprint, k.op_id, k.created_at, o.status, o.enqueue_state, "
            + "o.processed from idempotency_keys k left join bulk_ops o on o.id = k.op_id and o.team_id = k.team_id "
            + "where k.team_id = $1 and k.idem_key = $2";

    private final Pool pool;

    public IdempotencyKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** Takes the key for {@code opId} if it is free; answers whether it did. */
    public Uni<Boolean> claim(UUID teamId, String key, byte[] fingerprint, UUID opId, Duration retention) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(teamId, key, fingerprint, opId, (double) retention.toSeconds()))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The key as held now with its op's state, or a null item when nobody holds it (it was just released). */
    public Uni<HeldKey> held(UUID teamId, String key) {
        return pool.preparedQuery(HELD).execute(Tuple.of(teamId, key)).map(rows -> {
            var iterator = rows.iterator();
            if (!iterator.hasNext()) {
                return null;
            }
            Row row = iterator.next();
            String status = row.getString("status");
            return new HeldKey(row.getBuffer("fingerprint").getBytes(), row.getUUID("op_id"),
                    row.getOffsetDateTime("created_at").toInstant(),
                    status == null ? null : BulkOpStatus.valueOf(status),
                    "committed".equals(row.getString("enqueue_state")),
                    status == null ? 0 : row.getInteger("processed"));
        });
    }

    /** Moves the key from an op that started nothing to a new one, unless someone else moved it first. */
    public Uni<Boolean> takeOver(UUID teamId, String key, UUID previousOpId, byte[] fingerprint, UUID opId) {
        return pool.preparedQuery("update idempotency_keys set op_id = $4, fingerprint = $5, created_at = now() "
                        + "where team_id = $1 and idem_key = $2 and op_id = $3")
                .execute(Tuple.of(teamId, key, previousOpId, opId, fingerprint))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Frees the key of a request that started nothing, so that a retry with it starts afresh. */
    public Uni<Void> release(UUID teamId, String key, UUID opId) {
        return pool.preparedQuery("delete from idempotency_keys where team_id = $1 and idem_key = $2 and op_id = $3")
                .execute(Tuple.of(teamId, key, opId))
                .replaceWithVoid();
    }

    /** Deletes up to {@code limit} keys older than the retention; answers how many. */
    public Uni<Integer> purgeOlderThan(Duration retention, int limit) {
        return pool.preparedQuery("delete from idempotency_keys where ctid in (select ctid from idempotency_keys "
                        + "where created_at < now() - make_interval(secs => $1) limit $2)")
                .execute(Tuple.of((double) retention.toSeconds(), limit))
                .map(rows -> rows.rowCount());
    }
}
