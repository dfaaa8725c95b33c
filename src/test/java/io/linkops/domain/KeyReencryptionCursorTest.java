package io.linkops.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyReencryptionCursorTest {

    private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");
    private static final KeyReencryption RUN = new KeyReencryption(UUID.randomUUID(), "k2", true, "connections",
            "a", 10, START, null);
    private static final KeyReencryption.NextTable NEXT = new KeyReencryption.NextTable("custom_credentials", "0");

    @Test
    void aFullBatchStaysInItsTableAfterItsLastKey() {
        KeyReencryption after = RUN.after(100, 7, "b", 100, NEXT, START);
        assertTrue(after.running());
        assertEquals("connections", after.tableName());
        assertEquals("b", after.afterKey());
        assertEquals(17, after.resealed());
    }

    @Test
    void aShortBatchMovesToTheNextTableFromItsStart() {
        KeyReencryption after = RUN.after(99, 0, "b", 100, NEXT, START);
        assertTrue(after.running());
        assertEquals("custom_credentials", after.tableName());
        assertEquals("0", after.afterKey());
        assertEquals(10, after.resealed());
    }

    @Test
    void aShortBatchOfTheLastTableEndsTheRun() {
        Instant now = START.plusSeconds(60);
        KeyReencryption after = RUN.after(0, 0, "a", 100, null, now);
        assertFalse(after.running());
        assertNull(after.tableName());
        assertEquals(now, after.finishedAt());
        assertEquals(START, after.startedAt());
    }
}
