package io.linkops.rest.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Describes a body Jackson could not read as a 422 item. Only locations and fixed messages: Jackson's own messages
 * quote the offending value, which may be a token.
 */
final class JsonProblems {

    private JsonProblems() {
    }

    static ValidationProblem describe(JsonProcessingException error) {
        if (!(error instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()
                && (!(error instanceof MismatchedInputException) || isTrailingToken(error))) {
            List<Object> loc = new ArrayList<>(List.of("body"));
            if (error.getLocation() != null && error.getLocation().getCharOffset() >= 0) {
                loc.add(error.getLocation().getCharOffset());
            }
            return ValidationProblem.at(loc, "JSON decode error", "json_invalid");
        }
        List<Object> loc = new ArrayList<>(List.of("body"));
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            loc.add(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        Class<?> target = error instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (error instanceof InvalidFormatException) {
            return parsingProblem(loc, target);
        }
        return typeProblem(loc, target);
    }

    private static ValidationProblem parsingProblem(List<Object> loc, Class<?> target) {
        if (target == String.class) {
            return ValidationProblem.at(loc, "Input should be a valid string", "string_type");
        }
        if (target == UUID.class) {
            return ValidationProblem.at(loc, "Input should be a valid UUID", "uuid_parsing");
        }
        if (target == LocalDate.class) {
            return ValidationProblem.at(loc, "Input should be a valid date in the format YYYY-MM-DD", "date_parsing");
        }
        if (isInteger(target)) {
            return ValidationProblem.at(loc, "Input should be a valid integer", "int_parsing");
        }
        if (target == Boolean.class || target == boolean.class) {
            return ValidationProblem.at(loc, "Input should be a valid boolean", "bool_parsing");
        }
        return ValidationProblem.at(loc, "Input has an invalid format", "value_error");
    }

    private static ValidationProblem typeProblem(List<Object> loc, Class<?> target) {
        if (target == null) {
            return ValidationProblem.at(loc, "Input has the wrong type", "type_error");
        }
        if (target == String.class) {
            return ValidationProblem.at(loc, "Input should be a valid string", "string_type");
        }
        if (isInteger(target)) {
            return ValidationProblem.at(loc, "Input should be a valid integer", "int_type");
        }
        if (target == Boolean.class || target == boolean.class) {
            return ValidationProblem.at(loc, "Input should be a valid boolean", "bool_type");
        }
        if (target.isArray() || Collection.class.isAssignableFrom(target)) {
            return ValidationProblem.at(loc, "Input should be a valid list", "list_type");
        }
        if (target == UUID.class) {
            return ValidationProblem.at(loc, "Input should be a valid UUID", "uuid_type");
        }
        if (target == LocalDate.class) {
            return ValidationProblem.at(loc, "Input should be a valid date", "date_type");
        }
        if (Map.class.isAssignableFrom(target) || target.isRecord()) {
            return ValidationProblem.at(loc, "Input should be a valid object", "model_attributes_type");
        }
        return ValidationProblem.at(loc, "Input has the wrong type", "type_error");
    }

    /** Jackson reports text after the body's value as a mismatch of the whole body; it is malformed JSON. */
    private static boolean isTrailingToken(JsonProcessingException error) {
        return error.getOriginalMessage() != null && error.getOriginalMessage().startsWith("Trailing token");
    }

    private static boolean isInteger(Class<?> target) {
        return target == Integer.class || target == int.class || target == Long.class || target == long.class;
    }
}
