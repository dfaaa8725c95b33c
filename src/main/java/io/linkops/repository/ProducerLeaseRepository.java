package io.linkops.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Leases on the enqueue producers' transactional ids. A process claims only ids nobody holds (never used, or released
 * after fencing), keeps them by renewing, and whoever finds a lease expired takes it to fence the id, then releases it.
 */
@ApplicationScoped
public class ProducerLeaseRepository {

    private static final String PREFIX = "linkops-ops-";

    private final Pool pool;

    public ProducerLeaseRepository(Pool pool) {
        this.pool = pool;
    }

    /** Claims the lowest free id; answers null when another process took the same one first (try again). */
    public Uni<String> claim(UUID holder, Duration ttl) {
        return pool.preparedQuery("insert into producer_leases (transactional_id, holder, expires_at) "
                        + "select $1 || n, $2, now() + make_interval(secs => $3) from generate_series(1, 100000) n "
                        + "where not exists (select 1 from producer_leases l where l.transactional_id = $1 || n) "
                        + "limit 1 on conflict (transactional_id) do nothing returning transactional_id")
                .execute(Tuple.of(PREFIX, holder, seconds(ttl)))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** Extends the holder's unexpired leases of these ids; answers those ids (a lease it lost is missing). */
    public Uni<Set<String>> renew(UUID holder, Collection<String> ids, Duration ttl) {
        return pool.preparedQuery("update producer_leases set expires_at = now() + make_interval(secs => $2) "
                        + "where holder = $1 and transactional_id = any($3) and expires_at >= now() "
                        + "returning transactional_id")
                .execute(Tuple.of(holder, seconds(ttl), ids.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> held = new HashSet<>();
                    rows.forEach(row -> held.add(row.getString(0)));
                    return held;
                });
    }

    /** Takes every expired lease for the fencer; answers their ids. */
    public Uni<List<String>> takeExpired(UUID fencer, Duration ttl) {
        return pool.preparedQuery("update producer_leases set holder = $1, expires_at = now() + make_interval(secs "
                        + "=> $2) where transactional_id in (select transactional_id from producer_leases "
                        + "where expires_at < now() for update skip locked) returning transactional_id")
                .execute(Tuple.of(fencer, seconds(ttl)))
                .map(rows -> {
                    List<String> taken = new ArrayList<>();
                    rows.forEach(row -> taken.add(row.getString(0)));
                    return taken;
                });
    }

    /** Gives a lease back, so the id may be claimed again. */
    public Uni<Void> release(String transactionalId, UUID holder) {
        return pool.preparedQuery("delete from producer_leases where transactional_id = $1 and holder = $2")
                .execute(Tuple.of(transactionalId, holder))
                .replaceWithVoid();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
