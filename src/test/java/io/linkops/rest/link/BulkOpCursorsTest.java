package io.linkops.rest.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.domain.BulkOpCursor;
import io.linkops.rest.error.RequestValidationException;
import io.linkops.rest.error.ValidationProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BulkOpCursorsTest {

    private static final BulkOpCursor POSITION = new BulkOpCursor(Instant.parse("2026-11-28T20:30:48.123456Z"),
            UUID.fromString("123e4567-e89b-42d3-a456-426614174000"));
    private static final ValidationProblem REFUSAL = ValidationProblem.at(List.of("query", "next_cursor"),
            "Input should be a cursor returned by a previous page", "value_error");

    @Test
    void decodesTheStartAndIdItEncoded() {
        assertEquals(POSITION, BulkOpCursors.decode(BulkOpCursors.encode(POSITION)));
    }

    @Test
    void decodesAStartBeforeTheEpoch() {
        BulkOpCursor early = new BulkOpCursor(Instant.parse("1969-12-31T23:59:59.999999Z"), UUID.randomUUID());
        assertEquals(early, BulkOpCursors.decode(BulkOpCursors.encode(early)));
    }

    @Test
    void keepsTheStartToTheMicrosecondAsPostgresStoresIt() {
        BulkOpCursor withNanos = new BulkOpCursor(Instant.parse("2026-11-28T20:30:48.123456789Z"), POSITION.id());
        assertEquals(POSITION, BulkOpCursors.decode(BulkOpCursors.encode(withNanos)));
    }

    @Test
    void tellsPositionsApartThatDifferOnlyByOneMicrosecond() {
        BulkOpCursor later = new BulkOpCursor(POSITION.startedAt().plusNanos(1_000), POSITION.id());
        assertNotEquals(BulkOpCursors.encode(POSITION), BulkOpCursors.encode(later));
    }

    @Test
    void encodesOnlyCharactersThatNeedNoEscapingInAQueryString() {
        for (int i = 0; i < 200; i++) {
            Instant startedAt = Instant.ofEpochSecond(i * 7_919_993L, i * 1_000L);
            String encoded = BulkOpCursors.encode(new BulkOpCursor(startedAt, UUID.randomUUID()));
            assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded);
        }
    }

    @Test
    void startsAtTheFirstPageWithoutACursor() {
        assertNull(BulkOpCursors.decode(null));
        assertNull(BulkOpCursors.decode(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "====", "%00", "a b", "djF8MXwx+/", "x"})
    void refusesTextThatIsNotUrlSafeBase64(String cursor) {
        assertRefused(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "v2|1|123e4567-e89b-42d3-a456-426614174000",
        "V1|1|123e4567-e89b-42d3-a456-426614174000",
        "v1|123e4567-e89b-42d3-a456-426614174000",
        "v1|1|123e4567-e89b-42d3-a456-426614174000|extra",
        "v1||",
        "v1|one|123e4567-e89b-42d3-a456-426614174000",
        "v1|1.5|123e4567-e89b-42d3-a456-426614174000",
        "v1|99999999999999999999|123e4567-e89b-42d3-a456-426614174000",
        "v1|1|not-a-uuid",
        "v1|1|123e4567e89b42d3a456426614174000",
        "e1|fitbit|123e4567-e89b-42d3-a456-426614174000",
    })
    void refusesBase64OfAnotherLayout(String plain) {
        assertRefused(base64Url(plain));
    }

    @Test
    void refusesACursorWhoseVersionWasAltered() {
        String encoded = BulkOpCursors.encode(POSITION);
        assertEquals('d', encoded.charAt(0), "base64 of \"v1|\" starts with d");
        assertRefused("e" + encoded.substring(1));
    }

    @Test
    void refusesACursorCutShortAtAnyLength() {
        String encoded = BulkOpCursors.encode(POSITION);
        for (int length = 1; length < encoded.length(); length++) {
            assertRefused(encoded.substring(0, length));
        }
    }

    private static void assertRefused(String cursor) {
        RequestValidationException refused =
                assertThrows(RequestValidationException.class, () -> BulkOpCursors.decode(cursor), cursor);
        assertEquals(List.of(REFUSAL), refused.problems(), cursor);
    }

    private static String base64Url(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
