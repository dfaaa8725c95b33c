package io.linkops.rest.error;

import java.util.List;

/** One item of a 422 answer, in FastAPI's shape: where ({@code loc}), what ({@code msg}) and its kind. */
public record ValidationProblem(List<Object> loc, String msg, String type) {

    public static ValidationProblem at(List<Object> loc, String msg, String type) {
        return new ValidationProblem(List.copyOf(loc), msg, type);
    }
}
