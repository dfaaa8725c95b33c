package io.linkops.repository;

import io.linkops.domain.FailureReason;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Claims on verifying imported items and the provider's answers, each written on its own as soon as it is known:
 * whoever claims an item is the only one to send its refresh token, once.
 */
@ApplicationScoped
public class ImportVerificationRepository {

    /** What is known about an item's verification. */
    public sealed interface Known {
    }

    /** The provider rotated the pair: the new tokens, sealed. */
    public record Rotated(byte[] sealedAccessToken, byte[] sealedRefreshToken, long expiresAt) implements Known {
    }

    /** The provider refused the token for good. */
    public record Refused(FailureReason reason) implements Known {
    }

    /** Claimed, no answer recorded: a call is under way, or was cut short after the token may have been sent. */
    public record Unanswered(Instant claimedAt) implements Known {
    }

    private final Pool pool;

    public ImportVerificationRepository(Pool pool) {
        this.pool = pool;
    }

    /** Claims the items nobody claimed yet; answers the indexes claimed now. */
    public Uni<Set<Integer>> claim(UUID opId, Collection<Integer> indexes) {
        return pool.preparedQuery("insert into import_verifications (op_id, item_index) "
                        + "select $1, i from unnest($2::int[]) as t(i) on conflict do nothing returning item_index")
                .execute(Tuple.of(opId, indexes.toArray(Integer[]::new)))
                .map(rows -> {
                    Set<Integer> claimed = new HashSet<>();
                    rows.forEach(row -> claimed.add(row.getInteger("item_index")));
                    return claimed;
                });
    }

    /** What is known of these items, for those that were claimed before. */
    public Uni<Map<Integer, Known>> known(UUID opId, Collection<Integer> indexes) {
        return pool.preparedQuery("select v.item_index, v.claimed_at, v.answered, v.access_token, v.refresh_token, "
                        + "v.expires_at, v.error_type from unnest($2::int[]) as t(i) "
                        + "join import_verifications v on v.op_id = $1 and v.item_index = t.i")
                .execute(Tuple.of(opId, indexes.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, Known> known = new HashMap<>();
                    for (Row row : rows) {
                        known.put(row.getInteger("item_index"), knownOf(row));
                    }
                    return known;
                });
    }

    public Uni<Void> rotated(UUID opId, int index, Rotated rotated) {
        return pool.preparedQuery("update import_verifications set answered = true, access_token = $3, "
                        + "refresh_token = $4, expires_at = $5 where op_id = $1 and item_index = $2")
                .execute(Tuple.of(opId, index, Buffer.buffer(rotated.sealedAccessToken()),
                        Buffer.buffer(rotated.sealedRefreshToken()), rotated.expiresAt()))
                .replaceWithVoid();
    }

    public Uni<Void> refused(UUID opId, int index, FailureReason reason) {
        return pool.preparedQuery("update import_verifications set answered = true, error_type = $3 "
                        + "where op_id = $1 and item_index = $2")
                .execute(Tuple.of(opId, index, reason.name()))
                .replaceWithVoid();
    }

    /** Gives a claim back: the provider turned the call away before using the token (a 429, say). */
    public Uni<Void> release(UUID opId, int index) {
        return pool.preparedQuery("delete from import_verifications where op_id = $1 and item_index = $2 "
                        + "and not answered")
                .execute(Tuple.of(opId, index))
                .replaceWithVoid();
    }

    private static Known knownOf(Row row) {
        if (!row.getBoolean("answered")) {
            return new Unanswered(row.getOffsetDateTime("claimed_at").toInstant());
        }
        if (row.getString("error_type") != null) {
            return new Refused(FailureReason.valueOf(row.getString("error_type")));
        }
        return new Rotated(row.getBuffer("access_token").getBytes(), row.getBuffer("refresh_token").getBytes(),
                row.getLong("expires_at"));
    }
}
