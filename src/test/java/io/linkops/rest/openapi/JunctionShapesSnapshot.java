package io.linkops.rest.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * Writes the shapes of Junction's published OpenAPI for the operations linkops serves, the reference that
 * {@code JunctionSchemasTest} holds our document to. Run it on a newer Junction document to take up its changes:
 * {@code java -cp <test classpath> io.linkops.rest.openapi.JunctionShapesSnapshot openapi.json "<source>" out.json}.
 */
public final class JunctionShapesSnapshot {

    /** Junction's operations that linkops serves, in its own path spelling. */
    static final List<String> OPERATIONS = List.of(
            "POST /v2/link/bulk_import",
            "GET /v2/link/bulk_op",
            "POST /v2/link/bulk_export",
            "POST /v2/link/bulk_pause",
            "POST /v2/link/bulk_trigger_historical_pull",
            "POST /v2/user",
            "GET /v2/user",
            "GET /v2/user/{user_id}",
            "DELETE /v2/user/{user_id}",
            "GET /v2/user/resolve/{client_user_id}",
            "GET /v2/user/providers/{user_id}",
            "DELETE /v2/user/{user_id}/{provider}");

    private JunctionShapesSnapshot() {
    }

    public static void main(String[] args) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode junction = mapper.readTree(new File(args[0]));
        ObjectNode snapshot = mapper.createObjectNode();
        snapshot.put("source", args[1]);
        snapshot.put("junction_api_version", junction.path("info").path("version").asText());
        snapshot.setAll(ApiShapes.of(junction, OPERATIONS));
        mapper.writerWithDefaultPrettyPrinter().writeValue(new File(args[2]), snapshot);
    }
}
