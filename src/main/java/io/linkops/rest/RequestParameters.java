package io.linkops.rest;

import io.linkops.domain.Provider;
import io.linkops.rest.error.RequestValidationException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parses path and query parameters by hand so a bad one answers 422 with its {@code loc}, not a bare 404. */
public final class RequestParameters {

    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private RequestParameters() {
    }

    public static UUID uuidPath(String name, String value) {
        if (value != null && UUID_FORMAT.matcher(value).matches()) {
            return UUID.fromString(value);
        }
        throw RequestValidationException.of(List.of("path", name), "Input should be a valid UUID", "uuid_parsing");
    }

    /** Free text from the path; a NUL character, which no stored text can hold, is refused rather than looked up. */
    public static String textPath(String name, String value) {
        if (value != null && value.indexOf('\u0000') < 0) {
            return value;
        }
        throw RequestValidationException.of(List.of("path", name), "Input should be a valid string", "string_type");
    }

    public static Provider providerPath(String name, String value) {
        return Provider.fromSlug(value).orElseThrow(() -> RequestValidationException.of(List.of("path", name),
                "Input should be a supported provider slug", "enum"));
    }

    public static int intQuery(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw RequestValidationException.of(List.of("query", name), "Input should be a valid integer", "int_parsing");
        }
        if (parsed < min) {
            throw RequestValidationException.of(List.of("query", name),
                    "Input should be greater than or equal to " + min, "greater_than_equal");
        }
        if (parsed > max) {
            throw RequestValidationException.of(List.of("query", name),
                    "Input should be less than or equal to " + max, "less_than_equal");
        }
        return parsed;
    }
}
