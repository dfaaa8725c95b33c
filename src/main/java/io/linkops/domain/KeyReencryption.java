package io.linkops.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A run that re-seals stored secrets with {@code targetKeyId}: where it is (the table and the last key done) and how
 * many values it has re-sealed. Its cursor moves one batch at a time; {@link #after} decides where to next.
 */
public record KeyReencryption(UUID id, String targetKeyId, boolean running, String tableName, String afterKey,
        long resealed, Instant startedAt, Instant finishedAt) {

    /** Where the next table starts, or none after the last one. */
    public record NextTable(String tableName, String firstKey) {
    }

    /**
     * The run after a batch that read {@code read} rows (at most {@code limit}) ending at {@code lastKey} and
     * re-sealed {@code resealedNow} values: on in the same table while batches come back full, then the next table,
     * then done.
     */
    public KeyReencryption after(int read, int resealedNow, String lastKey, int limit, NextTable next, Instant now) {
        long total = resealed + resealedNow;
        if (read >= limit) {
            return new KeyReencryption(id, targetKeyId, true, tableName, lastKey, total, startedAt, null);
        }
        if (next != null) {
            return new KeyReencryption(id, targetKeyId, true, next.tableName(), next.firstKey(), total, startedAt,
                    null);
        }
        return new KeyReencryption(id, targetKeyId, false, null, null, total, startedAt, now);
    }
}
