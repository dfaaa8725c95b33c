package io.linkops.rest.error;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One item of a 422 answer, in FastAPI's shape: where ({@code loc}), what ({@code msg}) and its kind. */
@Schema(name = "ValidationError")
public record ValidationProblem(
        @Schema(required = true, description = "Where: \"body\" or \"query\", then field names and item indexes.",
                examples = "[\"body\", \"connections\", 3, \"user_id\"]") List<Object> loc,
        @Schema(required = true, example = "Field required") String msg,
        @Schema(required = true, example = "missing") String type) {

    public static ValidationProblem at(List<Object> loc, String msg, String type) {
        return new ValidationProblem(List.copyOf(loc), msg, type);
    }
}
