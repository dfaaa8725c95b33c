package io.linkops.rest.error;

import java.util.List;

/** A request that fails validation outside Bean Validation (path and query parameters); answered 422. */
public class RequestValidationException extends RuntimeException {

    private final List<ValidationProblem> problems;

    public RequestValidationException(List<ValidationProblem> problems) {
        super("request validation failed", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public static RequestValidationException of(List<Object> loc, String msg, String type) {
        return new RequestValidationException(List.of(ValidationProblem.at(loc, msg, type)));
    }

    public List<ValidationProblem> problems() {
        return problems;
    }
}
