package io.linkops.rest.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.testinfra.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The service's {@code /q/openapi} against Junction's published document (shapes in
 * {@code junction/link-api-shapes.json}): for each of Junction's operations we serve, the same request and answer
 * schemas by name, every property of theirs with the same type, nullability and required flag; our additions are
 * marked as extensions and never required of a request. Any drift fails with the full list.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class JunctionSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REF = Pattern.compile("ref:([A-Za-z0-9_]+)");

    @Test
    void junctionsOperationsAndSchemasAreDescribedAsJunctionPublishesThem() throws IOException {
        JsonNode junction = junctionShapes();
        JsonNode document = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString());
        List<String> operations = new ArrayList<>();
        junction.path("operations").fieldNames().forEachRemaining(operations::add);
        JsonNode ours = ApiShapes.of(document, operations);

        List<String> drift = new ArrayList<>();
        compareOperations(junction.path("operations"), ours, drift);
        Set<String> requestSchemas = requestSchemas(junction);
        for (Map.Entry<String, JsonNode> schema : junction.path("schemas").properties()) {
            compareSchema(schema.getKey(), schema.getValue(), ours.path("schemas").path(schema.getKey()),
                    document.path("components").path("schemas").path(schema.getKey()),
                    requestSchemas.contains(schema.getKey()), drift);
        }
        assertTrue(drift.isEmpty(), "the OpenAPI document drifted from Junction's:\n" + String.join("\n", drift));
    }

    @Test
    void theReferenceCoversEveryLinkMigrationOperationOfJunction() throws IOException {
        JsonNode operations = junctionShapes().path("operations");
        assertEquals(JunctionShapesSnapshot.OPERATIONS.size(), operations.size());
        assertTrue(operations.path("POST /v2/link/bulk_import").path("request").asText()
                .equals("ref:BulkImportConnectionsBody"));
    }

    private static void compareOperations(JsonNode junction, JsonNode ours, List<String> drift) {
        for (Map.Entry<String, JsonNode> operation : junction.properties()) {
            String name = operation.getKey();
            JsonNode our = ours.path("operations").path(name);
            if (our.isMissingNode()) {
                drift.add(name + ": not in the document");
                continue;
            }
            JsonNode request = operation.getValue().path("request");
            if (!request.isMissingNode() && !request.asText().equals(our.path("request").asText())) {
                drift.add(name + ": request body " + our.path("request").asText("none") + ", Junction's "
                        + request.asText());
            }
            for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
                String answer = our.path("responses").path(response.getKey()).asText("undocumented");
                if (response.getValue().asText().startsWith("object{") && answer.startsWith("ref:")) {
                    answer = inline(ours.path("schemas").path(answer.substring("ref:".length())));
                }
                if (!answer.equals(response.getValue().asText())) {
                    drift.add(name + ": answer " + response.getKey() + " is " + answer + ", Junction's "
                            + response.getValue().asText());
                }
            }
        }
    }

    private static void compareSchema(String name, JsonNode junction, JsonNode ours, JsonNode ourSchema,
            boolean request, List<String> drift) {
        if (ours.isMissingNode() || ourSchema.isMissingNode()) {
            drift.add(name + ": no schema of that name");
            return;
        }
        Set<String> junctionRequired = names(junction.path("required"));
        Set<String> ourRequired = names(ours.path("required"));
        for (Map.Entry<String, JsonNode> property : junction.path("properties").properties()) {
            String field = name + "." + property.getKey();
            String expected = property.getValue().asText();
            JsonNode actual = ours.path("properties").path(property.getKey());
            if (actual.isMissingNode()) {
                drift.add(field + ": missing");
                continue;
            }
            if (!expected.equals("any") && !expected.equals(actual.asText())) {
                drift.add(field + ": " + actual.asText() + ", Junction's " + expected);
            }
            if (junctionRequired.contains(property.getKey()) != ourRequired.contains(property.getKey())) {
                drift.add(field + ": required " + ourRequired.contains(property.getKey()) + ", Junction's "
                        + junctionRequired.contains(property.getKey()));
            }
        }
        for (Map.Entry<String, JsonNode> property : ours.path("properties").properties()) {
            if (junction.path("properties").has(property.getKey())) {
                continue;
            }
            String field = name + "." + property.getKey();
            String description = ourSchema.path("properties").path(property.getKey()).path("description").asText();
            if (!description.toLowerCase().contains("extension")) {
                drift.add(field + ": ours alone, and not marked as an extension");
            }
            if (request && ourRequired.contains(property.getKey())) {
                drift.add(field + ": ours alone, yet required of a request");
            }
        }
    }

    /** A named object schema written as Junction writes an inline one, for answers Junction leaves unnamed. */
    private static String inline(JsonNode shape) {
        List<String> fields = new ArrayList<>();
        shape.path("properties").properties().forEach(field -> fields.add(field.getKey() + ":" + field.getValue().asText()));
        fields.sort(null);
        return "object{" + String.join(",", fields) + "}";
    }

    /** The schemas a request body reaches: a field added there must stay optional for Junction's SDKs. */
    private static Set<String> requestSchemas(JsonNode junction) {
        Set<String> reached = new HashSet<>();
        Deque<String> shapes = new ArrayDeque<>();
        junction.path("operations").forEach(operation -> shapes.add(operation.path("request").asText()));
        while (!shapes.isEmpty()) {
            Matcher refs = REF.matcher(shapes.pop());
            while (refs.find()) {
                if (reached.add(refs.group(1))) {
                    junction.path("schemas").path(refs.group(1)).path("properties")
                            .forEach(property -> shapes.add(property.asText()));
                }
            }
        }
        return reached;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new HashSet<>();
        StreamSupport.stream(array.spliterator(), false).forEach(name -> names.add(name.asText()));
        return names;
    }

    private static JsonNode junctionShapes() throws IOException {
        try (InputStream in = JunctionSchemasTest.class.getResourceAsStream("/junction/link-api-shapes.json")) {
            return JSON.readTree(in);
        }
    }
}
