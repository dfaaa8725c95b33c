package io.linkops.rest.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an OpenAPI schema is reduced to the shape a generated client depends on. */
class ApiShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DOCUMENT = """
            {"paths": {"/v2/things": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Body"}}}},
                "responses": {
                  "200": {"content": {"application/json": {"schema": {"type": "object",
                      "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                      "propertyNames": {"const": "items"}}}}},
                  "202": {"description": "no body"},
                  "204": {"content": {"application/json": {"schema": {}}}}}}}},
             "components": {"schemas": {
               "Kind": {"type": "string", "enum": ["a", "b"]},
               "Body": {"type": "object", "required": ["kind", "ids"], "properties": {
                 "kind": {"$ref": "#/components/schemas/Kind"},
                 "ids": {"type": "array", "items": {"type": "string", "format": "uuid"}},
                 "cursor": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                 "ended_at": {"type": ["string", "null"], "format": "date-time"},
                 "count": {"type": "integer", "format": "int64"},
                 "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                 "detail": {"title": "Detail"}}},
               "Item": {"type": "object", "properties": {"item": {"$ref": "#/components/schemas/Item"}}},
               "Unused": {"type": "object", "properties": {"x": {"type": "string"}}}}}}
            """;

    @Test
    void operationsAreReducedToTheShapesOfTheirBodies() throws Exception {
        JsonNode shapes = ApiShapes.of(JSON.readTree(DOCUMENT), List.of("POST /v2/things", "GET /v2/absent"));

        JsonNode operation = shapes.path("operations").path("POST /v2/things");
        assertEquals("ref:Body", operation.path("request").asText());
        assertEquals("object{items:array<ref:Item>}", operation.path("responses").path("200").asText());
        assertFalse(operation.path("responses").has("202"), "an answer without a schema promises no shape");
        assertFalse(operation.path("responses").has("204"), "the empty schema promises no shape");
        assertFalse(shapes.path("operations").has("GET /v2/absent"));
    }

    @Test
    void propertiesKeepTypeFormatAndNullabilityAndEnumsCountAsStrings() throws Exception {
        JsonNode body = ApiShapes.of(JSON.readTree(DOCUMENT), List.of("POST /v2/things"))
                .path("schemas").path("Body");

        JsonNode properties = body.path("properties");
        assertEquals("string", properties.path("kind").asText());
        assertEquals("array<string(uuid)>", properties.path("ids").asText());
        assertEquals("string?", properties.path("cursor").asText());
        assertEquals("string(date-time)?", properties.path("ended_at").asText());
        assertEquals("integer", properties.path("count").asText());
        assertEquals("map<string>", properties.path("labels").asText());
        assertEquals("any", properties.path("detail").asText());
        assertEquals("[\"ids\",\"kind\"]", body.path("required").toString());
    }

    @Test
    void onlySchemasReachedFromTheOperationsAreKept() throws Exception {
        JsonNode schemas = ApiShapes.of(JSON.readTree(DOCUMENT), List.of("POST /v2/things")).path("schemas");

        assertEquals("ref:Item", schemas.path("Item").path("properties").path("item").asText());
        assertFalse(schemas.has("Unused"));
        assertFalse(schemas.has("Kind"), "an enum is a string, not an object schema");
    }
}
