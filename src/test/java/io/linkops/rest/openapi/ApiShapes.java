package io.linkops.rest.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reduces an OpenAPI 3.1 document to what a generated client depends on: for chosen operations, the shape of the
 * request body and of each answer, and for every object schema they reach, each property's shape and the required
 * names. A shape is a short string ({@code string(uuid)}, {@code array<ref:ConnectionRecipe>}, a trailing {@code ?}
 * for nullable); prose, titles, defaults and integer widths are left out, and a string enum counts as a string
 * (Junction marks its enums non-exhaustive).
 */
public final class ApiShapes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JsonNode schemas;
    private final Deque<String> toVisit = new ArrayDeque<>();

    private ApiShapes(JsonNode document) {
        this.schemas = document.path("components").path("schemas");
    }

    /**
     * The shapes of the given operations ({@code "POST /v2/link/bulk_import"}) of a document, with every named
     * object schema they reach; an operation the document lacks is left out.
     */
    public static ObjectNode of(JsonNode document, List<String> operations) {
        return new ApiShapes(document).collect(document.path("paths"), operations);
    }

    private ObjectNode collect(JsonNode paths, List<String> operations) {
        ObjectNode result = JSON.objectNode();
        ObjectNode operationShapes = result.putObject("operations");
        for (String operation : operations) {
            String[] methodAndPath = operation.split(" ", 2);
            JsonNode found = paths.path(methodAndPath[1]).path(methodAndPath[0].toLowerCase());
            if (found.isMissingNode()) {
                continue;
            }
            operationShapes.set(operation, operationShape(found));
        }
        ObjectNode schemaShapes = result.putObject("schemas");
        while (!toVisit.isEmpty()) {
            String name = toVisit.pop();
            if (!schemaShapes.has(name)) {
                schemaShapes.set(name, objectShape(schemas.path(name)));
            }
        }
        return result;
    }

    private ObjectNode operationShape(JsonNode operation) {
        ObjectNode shape = JSON.objectNode();
        JsonNode body = jsonSchemaOf(operation.path("requestBody"));
        if (body != null) {
            shape.put("request", shapeOf(body));
        }
        ObjectNode responses = shape.putObject("responses");
        for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
            JsonNode schema = jsonSchemaOf(response.getValue());
            // An answer documented without a schema, or with the empty schema, promises no shape.
            if (schema != null && !schema.isEmpty()) {
                responses.put(response.getKey(), shapeOf(schema));
            }
        }
        return shape;
    }

    private static JsonNode jsonSchemaOf(JsonNode bodyOrResponse) {
        JsonNode schema = bodyOrResponse.path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? null : schema;
    }

    private ObjectNode objectShape(JsonNode schema) {
        ObjectNode shape = JSON.objectNode();
        ObjectNode properties = shape.putObject("properties");
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            properties.put(property.getKey(), shapeOf(property.getValue()));
        }
        TreeSet<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        required.forEach(shape.putArray("required")::add);
        return shape;
    }

    /** The shape of one schema, registering the named object schemas it points at. */
    String shapeOf(JsonNode schema) {
        if (schema.has("$ref")) {
            return refShape(schema.get("$ref").asText()) + (includesNull(schema.path("type")) ? "?" : "");
        }
        JsonNode anyOf = schema.has("anyOf") ? schema.get("anyOf") : schema.path("oneOf");
        if (anyOf.isArray() && anyOf.size() > 0) {
            List<String> alternatives = new ArrayList<>();
            boolean nullable = false;
            for (JsonNode alternative : anyOf) {
                if ("null".equals(alternative.path("type").asText())) {
                    nullable = true;
                } else {
                    alternatives.add(shapeOf(alternative));
                }
            }
            String joined = alternatives.size() == 1 ? alternatives.get(0) : String.join("|", alternatives);
            return joined + (nullable ? "?" : "");
        }
        JsonNode type = schema.path("type");
        String suffix = includesNull(type) ? "?" : "";
        String base = type.isArray() ? firstNonNull(type) : type.asText("");
        return switch (base) {
            case "array" -> "array<" + shapeOf(schema.path("items")) + ">" + suffix;
            case "string" -> (schema.has("format") ? "string(" + schema.get("format").asText() + ")" : "string")
                    + suffix;
            case "integer", "boolean", "number" -> base + suffix;
            case "object" -> objectInline(schema) + suffix;
            case "" -> schema.has("properties") ? objectInline(schema) : "any";
            default -> base + suffix;
        };
    }

    private String objectInline(JsonNode schema) {
        JsonNode additional = schema.path("additionalProperties");
        JsonNode onlyKey = schema.path("propertyNames").path("const");
        if (additional.isObject() && onlyKey.isTextual()) {
            // FastAPI's way of writing {"providers": [...]}: a map whose only key is named.
            return "object{" + onlyKey.asText() + ":" + shapeOf(additional) + "}";
        }
        if (additional.isObject()) {
            return "map<" + (additional.isEmpty() ? "any" : shapeOf(additional)) + ">";
        }
        if (schema.has("properties")) {
            List<String> fields = new ArrayList<>();
            schema.get("properties").properties()
                    .forEach(field -> fields.add(field.getKey() + ":" + shapeOf(field.getValue())));
            fields.sort(null);
            return "object{" + String.join(",", fields) + "}";
        }
        return "map<any>";
    }

    private String refShape(String ref) {
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        JsonNode target = schemas.path(name);
        if (target.has("enum") && "string".equals(target.path("type").asText())) {
            return "string";
        }
        if (!target.has("properties") && !"object".equals(target.path("type").asText())) {
            return shapeOf(target);
        }
        toVisit.push(name);
        return "ref:" + name;
    }

    private static boolean includesNull(JsonNode type) {
        if (type.isArray()) {
            for (JsonNode each : type) {
                if ("null".equals(each.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String firstNonNull(JsonNode types) {
        for (JsonNode each : types) {
            if (!"null".equals(each.asText())) {
                return each.asText();
            }
        }
        return "";
    }
}
