package io.linkops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The service's HTTP API as the benchmark drives it: operator set-up, imports, op polling. */
final class BenchClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1 as the SDKs speak it; the JDK client would otherwise try an h2c upgrade on every connection.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUri;
    private final String adminKey;

    BenchClient(String baseUri, String adminKey) {
        this.baseUri = baseUri;
        this.adminKey = adminKey;
    }

    /** A team with Link Migration on and a fitbit credential; answers its id and API key. */
    BenchTeam createMigratingTeam(String name) throws IOException, InterruptedException {
        JsonNode team = operator("POST", "/admin/v1/teams", Map.of("name", name), 201);
        String teamId = team.get("team_id").asText();
        operator("PATCH", "/admin/v1/teams/" + teamId, Map.of("link_migration_enabled", true), 200);
        operator("PUT", "/admin/v1/teams/" + teamId + "/custom_credentials/fitbit",
                Map.of("client_id", "bench-client", "client_secret", "bench-secret"), 200);
        return new BenchTeam(UUID.fromString(teamId), team.get("api_key").asText());
    }

    /** Posts a prepared bulk_import body; answers the status code and parsed answer. */
    Answer bulkImport(BenchTeam team, byte[] body, boolean wait) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + "/v2/link/bulk_import"))
                .header("x-vital-api-key", team.apiKey())
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), JSON.readTree(response.body()),
                response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(5L));
    }

    /** The team's newest op as the list shows it: status and counts, without the per-item lists of the detail. */
    JsonNode newestBulkOp(BenchTeam team) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + "/v2/link/bulk_op?page_size=1"))
                .header("x-vital-api-key", team.apiKey())
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body()).get("data").get(0);
    }

    /** Creates one user through the API, as a team onboarding its users does; answers its id. */
    UUID createUser(BenchTeam team, String clientUserId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + "/v2/user"))
                .header("x-vital-api-key", team.apiKey())
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(
                        Map.of("client_user_id", clientUserId))))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /v2/user answered " + response.statusCode());
        }
        return UUID.fromString(JSON.readTree(response.body()).get("user_id").asText());
    }

    /** The team's newest ops as the list shows them. */
    JsonNode newestBulkOps(BenchTeam team, int count) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + "/v2/link/bulk_op?page_size=" + count))
                .header("x-vital-api-key", team.apiKey())
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body()).get("data");
    }

    private JsonNode operator(String method, String path, Object body, int expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + path))
                .header("x-admin-key", adminKey)
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A team the benchmark created. */
    record BenchTeam(UUID id, String apiKey) {
    }

    /** An HTTP status, its JSON body and the Retry-After it asked for (5 s when none). */
    record Answer(int status, JsonNode body, long retryAfterSeconds) {
    }
}
