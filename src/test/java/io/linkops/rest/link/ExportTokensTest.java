package io.linkops.rest.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.domain.Provider;
import io.linkops.rest.error.RequestValidationException;
import io.linkops.rest.error.ValidationProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExportTokensTest {

    private static final UUID LAST_ID = UUID.fromString("123e4567-e89b-42d3-a456-426614174000");
    private static final ValidationProblem REFUSAL = ValidationProblem.at(List.of("body", "next_token"),
            "Input should be a next_token returned by a previous page for this provider", "value_error");

    @ParameterizedTest
    @EnumSource(Provider.class)
    void decodesTheLastIdItEncodedForTheSameProvider(Provider provider) {
        String token = ExportTokens.encode(provider, LAST_ID);
        assertEquals(LAST_ID, ExportTokens.decode(token, provider));
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    }

    @Test
    void startsAtTheFirstPageWithoutAToken() {
        assertNull(ExportTokens.decode(null, Provider.FITBIT));
        assertNull(ExportTokens.decode("", Provider.FITBIT));
    }

    @Test
    void refusesATokenOfAnotherProvider() {
        String fitbitToken = ExportTokens.encode(Provider.FITBIT, LAST_ID);
        for (Provider other : Provider.values()) {
            if (other != Provider.FITBIT) {
                assertRefused(fitbitToken, other);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "====", "%00", "a b", "ZTF8Zml0Yml0fA+/", "x"})
    void refusesTextThatIsNotUrlSafeBase64(String token) {
        assertRefused(token, Provider.FITBIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "e2|fitbit|123e4567-e89b-42d3-a456-426614174000",
        "E1|fitbit|123e4567-e89b-42d3-a456-426614174000",
        "e1|FITBIT|123e4567-e89b-42d3-a456-426614174000",
        "e1|123e4567-e89b-42d3-a456-426614174000",
        "e1|fitbit|123e4567-e89b-42d3-a456-426614174000|extra",
        "e1|fitbit|x",
        "e1|fitbit|",
        "e1||123e4567-e89b-42d3-a456-426614174000",
        "v1|1|123e4567-e89b-42d3-a456-426614174000",
    })
    void refusesBase64OfAnotherLayout(String plain) {
        assertRefused(base64Url(plain), Provider.FITBIT);
    }

    @Test
    void refusesATokenCutShortAtAnyLength() {
        String token = ExportTokens.encode(Provider.FITBIT, LAST_ID);
        for (int length = 1; length < token.length(); length++) {
            assertRefused(token.substring(0, length), Provider.FITBIT);
        }
    }

    private static void assertRefused(String token, Provider provider) {
        RequestValidationException refused =
                assertThrows(RequestValidationException.class, () -> ExportTokens.decode(token, provider), token);
        assertEquals(List.of(REFUSAL), refused.problems(), token);
    }

    private static String base64Url(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
