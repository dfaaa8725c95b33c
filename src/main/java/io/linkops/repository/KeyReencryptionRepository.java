package io.linkops.repository;

import io.linkops.domain.KeyReencryption;
import io.linkops.domain.SealedValue;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Re-encryption runs and the ciphertexts they rewrite. A batch, its writes and the run's new cursor commit in one
 * transaction that holds the run's row and the batch's rows: a crash resumes at the last committed batch, two
 * workers never walk the same run at once, and a value rotated meanwhile (an import, a refresh) waits for the batch
 * or is read afresh by it, so an older value never overwrites a newer one.
 */
@ApplicationScoped
public class KeyReencryptionRepository {

    private static final String RUN_COLUMNS = "id, target_key_id, status, table_name, after_key, resealed, "
            + "started_at, finished_at";

    /** Where values that are not ciphertexts of this service are counted. */
    public static final String UNREADABLE = "(unreadable)";

    private final Pool pool;

    public KeyReencryptionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Starts a run unless one is running; answers the running run either way. */
    public Uni<KeyReencryption> start(UUID id, String targetKeyId) {
        SealedTable first = SealedTable.values()[0];
        return pool.preparedQuery("insert into key_reencryptions (id, target_key_id, status, table_name, after_key, "
                        + "started_at) values ($1, $2, 'running', $3, $4, now()) on conflict do nothing")
                .execute(Tuple.of(id, targetKeyId, first.tableName(), first.firstKey()))
                .chain(() -> latest());
    }

    /** The running run, else the last one to finish; null before the first. */
    public Uni<KeyReencryption> latest() {
        return pool.preparedQuery("select " + RUN_COLUMNS + " from key_reencryptions "
                        + "order by (status = 'running') desc, started_at desc limit 1")
                .execute()
                .map(rows -> rows.iterator().hasNext() ? runOf(rows.iterator().next()) : null);
    }

    /** How many stored values each key id seals, over every sealed table and column. */
    public Uni<Map<String, Long>> countByKeyId() {
        List<String> counts = new ArrayList<>();
        for (SealedTable table : SealedTable.values()) {
            for (String column : table.columns()) {
                counts.add("select coalesce(sealed_key_id(" + column + "), '" + UNREADABLE + "') as key_id, "
                        + "count(*) as n from " + table.tableName() + " where " + column + " is not null group by 1");
            }
        }
        return pool.query("select key_id, sum(n)::bigint as n from (" + String.join(" union all ", counts)
                        + ") s group by key_id order by key_id")
                .execute()
                .map(rows -> {
                    Map<String, Long> byKey = new LinkedHashMap<>();
                    rows.forEach(row -> byKey.put(row.getString("key_id"), row.getLong("n")));
                    return byKey;
                });
    }

    /**
     * Moves the running run by one batch of at most {@code limit} rows: {@code reseal} answers each value's new
     * ciphertext, or null to keep it. Answers the run after the batch; null when none is running or another worker
     * holds it.
     */
    public Uni<KeyReencryption> advance(int limit, Function<KeyReencryption, Function<SealedValue, byte[]>> reseal) {
        return pool.withTransaction(sql -> sql.preparedQuery("select " + RUN_COLUMNS + " from key_reencryptions "
                        + "where status = 'running' for update skip locked")
                .execute()
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    KeyReencryption run = runOf(rows.iterator().next());
                    SealedTable table = SealedTable.named(run.tableName());
                    return resealBatch(sql, table, run.afterKey(), limit, reseal.apply(run))
                            .chain(batch -> save(sql, run.after(batch.read(), batch.resealed(), batch.lastKey(),
                                    limit, next(table), Instant.now())));
                }));
    }

    private record Batch(int read, int resealed, String lastKey) {
    }

    private static Uni<Batch> resealBatch(SqlConnection sql, SealedTable table, String afterKey, int limit,
            Function<SealedValue, byte[]> reseal) {
        return sql.preparedQuery(table.selectBatch()).execute(Tuple.of(afterKey, limit)).chain(rows -> {
            Map<String, List<Object>> keys = new LinkedHashMap<>();
            Map<String, List<Buffer>> values = new LinkedHashMap<>();
            String last = afterKey;
            int read = 0;
            for (Row row : rows) {
                read++;
                last = row.getString("k");
                for (String column : table.columns()) {
                    io.vertx.mutiny.core.buffer.Buffer stored = row.getBuffer(column);
                    if (stored == null) {
                        continue;
                    }
                    byte[] fresh = reseal.apply(new SealedValue(table.tableName(), column, row.getUUID("team_id"),
                            row.getUUID("owner_id"), row.getString("provider"), stored.getBytes()));
                    if (fresh != null) {
                        keys.computeIfAbsent(column, any -> new ArrayList<>())
                                .add(table.keysAreUuids() ? UUID.fromString(last) : last);
                        values.computeIfAbsent(column, any -> new ArrayList<>()).add(Buffer.buffer(fresh));
                    }
                }
            }
            int resealed = values.values().stream().mapToInt(List::size).sum();
            Batch batch = new Batch(read, resealed, last);
            return Multi.createFrom().iterable(keys.keySet())
                    .onItem().transformToUniAndConcatenate(column -> sql.preparedQuery(table.update(column))
                            .execute(Tuple.of(table.keysAreUuids() ? keys.get(column).toArray(UUID[]::new)
                                    : keys.get(column).toArray(String[]::new),
                                    values.get(column).toArray(Buffer[]::new))))
                    .collect().last()
                    .replaceWith(batch);
        });
    }

    private static Uni<KeyReencryption> save(SqlConnection sql, KeyReencryption run) {
        return sql.preparedQuery("update key_reencryptions set status = $2, table_name = $3, after_key = $4, "
                        + "resealed = $5, finished_at = $6 where id = $1")
                .execute(Tuple.of(run.id(), run.running() ? "running" : "done", run.tableName(), run.afterKey(),
                        run.resealed(), run.finishedAt() == null ? null
                                : OffsetDateTime.ofInstant(run.finishedAt(), ZoneOffset.UTC)))
                .replaceWith(run);
    }

    private static KeyReencryption.NextTable next(SealedTable table) {
        SealedTable[] tables = SealedTable.values();
        if (table.ordinal() + 1 >= tables.length) {
            return null;
        }
        SealedTable next = tables[table.ordinal() + 1];
        return new KeyReencryption.NextTable(next.tableName(), next.firstKey());
    }

    private static KeyReencryption runOf(Row row) {
        OffsetDateTime finished = row.getOffsetDateTime("finished_at");
        return new KeyReencryption(row.getUUID("id"), row.getString("target_key_id"),
                "running".equals(row.getString("status")), row.getString("table_name"), row.getString("after_key"),
                row.getLong("resealed"), row.getOffsetDateTime("started_at").toInstant(),
                finished == null ? null : finished.toInstant());
    }
}
