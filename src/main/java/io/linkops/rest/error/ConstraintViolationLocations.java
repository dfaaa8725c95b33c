package io.linkops.rest.error;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a Bean Validation property path into a FastAPI {@code loc} on the snake_case wire names. */
final class ConstraintViolationLocations {

    private ConstraintViolationLocations() {
    }

    static List<Object> locOf(ConstraintViolation<?> violation) {
        List<Object> loc = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                // Only request bodies are bean-validated; path and query parameters are checked by hand.
                loc.add("body");
                continue;
            }
            if (kind != ElementKind.PROPERTY && kind != ElementKind.CONTAINER_ELEMENT && kind != ElementKind.BEAN) {
                continue;
            }
            if (node.isInIterable()) {
                loc.add(node.getIndex() != null ? node.getIndex() : String.valueOf(node.getKey()));
            }
            if (kind == ElementKind.PROPERTY && node.getName() != null) {
                loc.add(snakeCase(node.getName()));
            }
        }
        return loc;
    }

    static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
