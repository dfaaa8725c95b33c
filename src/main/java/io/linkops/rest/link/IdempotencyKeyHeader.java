package io.linkops.rest.link;

import io.linkops.rest.error.RequestValidationException;
import io.linkops.rest.error.ValidationProblem;
import io.linkops.service.Launched;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The {@code Idempotency-Key} header (or Junction's {@code X-Idempotency-Key}) of a bulk request: at most 255
 * visible ASCII characters; and the {@code Idempotent-Replayed} header on an answer given for an earlier request.
 */
final class IdempotencyKeyHeader {

    static final String NAME = "Idempotency-Key";
    static final String JUNCTION_NAME = "X-Idempotency-Key";
    private static final int MAX_LENGTH = 255;

    private IdempotencyKeyHeader() {
    }

    /** The key the request carries, or null; 422 for a malformed key or two different ones. */
    static String of(String key, String junctionKey) {
        if (key != null && junctionKey != null && !key.equals(junctionKey)) {
            throw invalid(NAME, "Idempotency-Key and X-Idempotency-Key differ; send one of them.");
        }
        String value = key != null ? key : junctionKey;
        if (value == null) {
            return null;
        }
        String header = key != null ? NAME : JUNCTION_NAME;
        if (value.isEmpty() || value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw invalid(header, "An idempotency key is 1 to " + MAX_LENGTH
                    + " visible ASCII characters (a UUID, for example).");
        }
        return value;
    }

    /** The bulk answer, marked when it repeats an earlier request's op. */
    static Response answer(Launched launched, boolean waited) {
        Response response = BulkImportResponse.answer(launched.view(), waited);
        return launched.replayed() ? Response.fromResponse(response).header("Idempotent-Replayed", "true").build()
                : response;
    }

    private static RequestValidationException invalid(String header, String message) {
        return new RequestValidationException(List.of(ValidationProblem.at(List.of("header", header.toLowerCase()),
                message, "value_error")));
    }
}
