package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static io.linkops.testinfra.Teams.asOperator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ErrorShapesTest {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: (\\d+)");

    private TestTeam team;

    @BeforeEach
    void createTeam() {
        team = Teams.create("errors");
    }

    @Test
    void malformedJsonIs422JsonInvalid() {
        as(team).body("{\"client_user_id\": ").post("/v2/user").then().statusCode(422)
                .contentType(ContentType.JSON)
                .body("detail", hasSize(1))
                .body("detail[0].loc[0]", equalTo("body"))
                .body("detail[0].type", equalTo("json_invalid"))
                .body("detail[0].msg", equalTo("JSON decode error"));
    }

    @Test
    void wrongTypeIs422AtTheField() {
        as(team).body("{\"client_user_id\": {\"nested\": true}}").post("/v2/user").then().statusCode(422)
                .body("detail[0].loc", contains("body", "client_user_id"))
                .body("detail[0].type", equalTo("string_type"));
        asOperator().body("{\"link_migration_enabled\": \"perhaps\"}").patch("/admin/v1/teams/" + team.id())
                .then().statusCode(422)
                .body("detail[0].loc", contains("body", "link_migration_enabled"))
                .body("detail[0].type", equalTo("bool_parsing"));
        as(team).body("{\"client_user_id\": 42}").post("/v2/user").then().statusCode(422)
                .body("detail[0].loc", contains("body", "client_user_id"))
                .body("detail[0].type", equalTo("string_type"));
        as(team).body("[1, 2]").post("/v2/user").then().statusCode(422)
                .body("detail[0].loc", contains("body"));
    }

    @Test
    void missingBodyIs422FieldRequired() {
        as(team).post("/v2/user").then().statusCode(422)
                .body("detail[0].loc", contains("body"))
                .body("detail[0].type", equalTo("missing"))
                .body("detail[0].msg", equalTo("Field required"));
    }

    @Test
    void nonUuidPathIs422AtThePath() {
        as(team).get("/v2/user/not-a-uuid").then().statusCode(422)
                .body("detail[0].loc", contains("path", "user_id"))
                .body("detail[0].type", equalTo("uuid_parsing"));
        asOperator().get("/admin/v1/teams/123").then().statusCode(422)
                .body("detail[0].loc", contains("path", "team_id"));
    }

    @Test
    void unknownUserIs404WithDetail() {
        as(team).get("/v2/user/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(ContentType.JSON).body("detail", equalTo("User not found."));
    }

    @Test
    void unknownRouteAndWrongMethodAnswerJson() {
        as(team).get("/v2/nowhere").then().statusCode(404).contentType(ContentType.JSON)
                .body("detail", notNullValue());
        as(team).body("{}").put("/v2/user").then().statusCode(405).contentType(ContentType.JSON)
                .body("detail", equalTo("Method Not Allowed"));
    }

    @Test
    void wrongContentTypeIs415WithDetail() {
        given().header("x-vital-api-key", team.apiKey()).contentType(ContentType.TEXT).body("client_user_id=x")
                .post("/v2/user").then().statusCode(415).contentType(ContentType.JSON)
                .body("detail", equalTo("Unsupported Media Type"));
    }

    @Test
    void bodyOverTheHttpLimitIs413WithTheLimitInTheDetail() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String request = "POST /v2/link/bulk_import HTTP/1.1\r\nHost: localhost\r\n"
                    + "x-vital-api-key: " + team.apiKey() + "\r\ncontent-type: application/json\r\n"
                    + "content-length: 70000000\r\n\r\n{";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = readResponse(socket);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("application/json"), response);
            assertTrue(response.contains("{\"detail\": \"The request body is larger than the limit of 67108864 bytes.\"}"),
                    response);
        }
    }

    /** Reads one response by its content-length: the server may keep the half-sent request's connection open. */
    private static String readResponse(Socket socket) throws Exception {
        StringBuilder response = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (true) {
            int read = socket.getInputStream().read(buffer);
            if (read < 0) {
                return response.toString();
            }
            response.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            int headerEnd = response.indexOf("\r\n\r\n");
            Matcher length = CONTENT_LENGTH.matcher(response);
            if (headerEnd >= 0 && length.find() && response.length() >= headerEnd + 4 + Integer.parseInt(length.group(1))) {
                return response.toString();
            }
        }
    }

    @Test
    void secretsAreNeverEchoedInErrors() {
        String secret = "super-secret-" + UUID.randomUUID();
        var response = asOperator().body("{\"client_id\": 5, \"client_secret\": [\"" + secret + "\"]}")
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/oura");
        response.then().statusCode(422);
        assertFalse(response.asString().contains(secret));
        var malformed = asOperator().body("{\"client_id\": \"a\", \"client_secret\": \"" + secret + "\" nonsense}")
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/oura");
        malformed.then().statusCode(422).body("detail[0].type", equalTo("json_invalid"));
        assertFalse(malformed.asString().contains(secret));
        var badDate = as(team).body(Map.of("client_user_id", "x", "fallback_birth_date", secret)).post("/v2/user");
        badDate.then().statusCode(422);
        assertFalse(badDate.asString().contains(secret));
    }

    @Test
    void validationErrorsListEveryProblem() {
        asOperator().body("{\"client_id\": \"\", \"client_secret\": \"\"}")
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/oura").then().statusCode(422)
                .body("detail", hasSize(2))
                .body("detail.loc[0]", contains("body", "client_id"))
                .body("detail.loc[1]", contains("body", "client_secret"))
                .body("detail[0].msg", instanceOf(String.class))
                .body("detail[0].type", not(containsString("Exception")));
    }
}
