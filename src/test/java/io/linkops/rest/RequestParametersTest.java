package io.linkops.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linkops.domain.Provider;
import io.linkops.rest.error.RequestValidationException;
import io.linkops.rest.error.ValidationProblem;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParametersTest {

    @Test
    void readsACanonicalUuidInEitherCase() {
        UUID id = UUID.fromString("123e4567-e89b-42d3-a456-426614174000");
        assertEquals(id, RequestParameters.uuidPath("user_id", "123e4567-e89b-42d3-a456-426614174000"));
        assertEquals(id, RequestParameters.uuidPath("user_id", "123E4567-E89B-42D3-A456-426614174000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-uuid", "123e4567-e89b-42d3-a456-42661417400", "1-2-3-4-5",
        "123e4567e89b42d3a456426614174000", "{123e4567-e89b-42d3-a456-426614174000}",
        "123e4567-e89b-42d3-a456-426614174000 ", "123e4567-e89b-42d3-a456-42661417400g"})
    void refusesAnythingButTheCanonicalUuidForm(String value) {
        assertRefused(() -> RequestParameters.uuidPath("user_id", value),
                List.of("path", "user_id"), "Input should be a valid UUID", "uuid_parsing");
    }

    @Test
    void refusesAMissingUuid() {
        assertRefused(() -> RequestParameters.uuidPath("bulk_op_id", null),
                List.of("path", "bulk_op_id"), "Input should be a valid UUID", "uuid_parsing");
    }

    @Test
    void passesAnyTextWithoutANul() {
        assertEquals("client user/ünïcode ✓", RequestParameters.textPath("client_user_id", "client user/ünïcode ✓"));
        assertEquals("", RequestParameters.textPath("client_user_id", ""));
    }

    @Test
    void refusesTextHoldingANulOrNone() {
        for (String value : new String[] {"a\u0000b", "\u0000", null}) {
            assertRefused(() -> RequestParameters.textPath("key_prefix", value),
                    List.of("path", "key_prefix"), "Input should be a valid string", "string_type");
        }
    }

    @Test
    void readsAProviderBySlug() {
        assertEquals(Provider.GOOGLE_FIT, RequestParameters.providerPath("provider", "google_fit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Fitbit", "FITBIT", "fitbit ", "google-fit", "GOOGLE_FIT", "junction"})
    void refusesAnythingButAKnownSlug(String value) {
        assertRefused(() -> RequestParameters.providerPath("provider", value),
                List.of("path", "provider"), "Input should be a supported provider slug", "enum");
    }

    @Test
    void fallsBackToTheDefaultWhenTheQueryParameterIsAbsentOrEmpty() {
        assertEquals(50, RequestParameters.intQuery("limit", null, 50, 1, 500));
        assertEquals(50, RequestParameters.intQuery("limit", "", 50, 1, 500));
    }

    @Test
    void acceptsBothBoundsOfTheRange() {
        assertEquals(1, RequestParameters.intQuery("page_size", "1", 10, 1, 50));
        assertEquals(50, RequestParameters.intQuery("page_size", "50", 10, 1, 50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "1.5", " 5", "5 ", "0x10", "2147483648", "-2147483649", "1e3"})
    void refusesAQueryParameterThatIsNotAnInt(String value) {
        assertRefused(() -> RequestParameters.intQuery("offset", value, 0, 0, Integer.MAX_VALUE),
                List.of("query", "offset"), "Input should be a valid integer", "int_parsing");
    }

    @Test
    void refusesAQueryParameterBelowItsMinimum() {
        assertRefused(() -> RequestParameters.intQuery("page_size", "0", 10, 1, 50),
                List.of("query", "page_size"), "Input should be greater than or equal to 1", "greater_than_equal");
    }

    @Test
    void refusesAQueryParameterAboveItsMaximum() {
        assertRefused(() -> RequestParameters.intQuery("page_size", "51", 10, 1, 50),
                List.of("query", "page_size"), "Input should be less than or equal to 50", "less_than_equal");
    }

    private static void assertRefused(Executable call, List<Object> loc, String msg, String type) {
        RequestValidationException refused = assertThrows(RequestValidationException.class, call);
        assertEquals(List.of(ValidationProblem.at(loc, msg, type)), refused.problems());
    }
}
