package io.linkops.rest.link;

import io.linkops.domain.BulkOpCursor;
import io.linkops.rest.error.RequestValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** The opaque {@code next_cursor}: base64url of the last op's start (in microseconds) and id. */
final class BulkOpCursors {

    private static final String VERSION = "v1";

    private BulkOpCursors() {
    }

    static String encode(BulkOpCursor cursor) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, cursor.startedAt());
        String plain = VERSION + "|" + micros + "|" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static BulkOpCursor decode(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("unknown cursor layout");
            }
            Instant startedAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            BulkOpCursor cursor = new BulkOpCursor(startedAt, UUID.fromString(parts[2]));
            // UUID.fromString also reads an id missing its last digits, so a cursor cut short named another op.
            if (!encode(cursor).equals(value)) {
                throw new IllegalArgumentException("not a cursor as this service writes it");
            }
            return cursor;
        } catch (RuntimeException e) {
            throw RequestValidationException.of(List.of("query", "next_cursor"),
                    "Input should be a cursor returned by a previous page", "value_error");
        }
    }
}
