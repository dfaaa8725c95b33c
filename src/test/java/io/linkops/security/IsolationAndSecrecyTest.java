package io.linkops.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.linkops.testinfra.Teams.as;
import static io.linkops.testinfra.Teams.asOperator;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.TeamData;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Two teams: the intruder can read, list, export, pause, import onto, deregister or trigger nothing of the owner's,
 * whatever ids it guesses; a team with Link Migration disabled is refused at once, a revoked key at once; and the
 * tokens, client secrets and keys a team submits appear nowhere in plaintext: not in logs, answers, Kafka or rows.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class IsolationAndSecrecyTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Path LOG = Path.of("target/test-logs/linkops.log");
    private static final String WHOOP_TOKEN_PATH = "/whoop/oauth/oauth2/token";

    /** The owner: four connected users, two import ops and a historical pull, all finished. */
    private record Owner(TestTeam team, List<UUID> users, List<String> clientUserIds, List<String> opIds,
            String marker) {

        /** Every value of the owner's that another team must never see. */
        List<String> secrets() {
            List<String> values = new ArrayList<>();
            values.add(team.id().toString());
            users.forEach(user -> values.add(user.toString()));
            values.addAll(clientUserIds);
            values.addAll(opIds);
            values.add(marker);
            return values;
        }
    }

    @Test
    void anotherTeamReachesNothingOfTheOwnersWhateverIdsItGuesses() {
        Owner owner = owner("owner");
        TestTeam intruder = Teams.createMigrating("intruder", "fitbit");
        UUID intrudersUser = Teams.createUser(intruder, Teams.unique("intruder-user"));
        as(intruder).body(Recipes.body("fitbit", List.of(intrudersUser), "intruder", true))
                .post("/v2/link/bulk_import").then().statusCode(200).body("status", equalTo("success"));
        String ownersCursor = as(owner.team()).queryParam("page_size", 1).get("/v2/link/bulk_op")
                .then().statusCode(200).extract().path("next_cursor");
        String ownersExportToken = export(owner.team(), null, null).then().statusCode(200)
                .extract().path("next_token");
        assertNotNull(ownersCursor, "the owner has more than one op");
        assertNotNull(ownersExportToken, "the owner has more than one export page");
        long pullsBefore = publishedPullsFor(owner.users());
        await().atMost(DEADLINE).until(() -> TeamData.settled(owner.team().id()));
        Map<String, String> before = TeamData.fingerprint(owner.team().id());

        List<String> guessedUsers = guesses(owner.users());
        List<String> guessedOps = guesses(owner.opIds().stream().map(UUID::fromString).toList());
        List<Response> answers = new ArrayList<>();
        for (String user : guessedUsers) {
            answers.add(expect(as(intruder).get("/v2/user/" + user), 404));
            answers.add(expect(as(intruder).get("/v2/user/providers/" + user), 404));
            answers.add(expect(as(intruder).delete("/v2/user/" + user + "/fitbit"), 404));
            answers.add(expect(as(intruder).delete("/v2/user/" + user), 404));
        }
        for (String clientUserId : owner.clientUserIds()) {
            answers.add(expect(as(intruder).get("/v2/user/resolve/" + clientUserId), 404));
        }
        for (String op : guessedOps) {
            answers.add(expect(as(intruder).get("/v2/link/bulk_op/" + op), 404));
        }
        answers.add(expect(as(intruder).queryParam("limit", 500).get("/v2/user"), 200));
        answers.add(expect(as(intruder).queryParam("page_size", 50).get("/v2/link/bulk_op"), 200));
        answers.add(expect(as(intruder).queryParam("next_cursor", ownersCursor).get("/v2/link/bulk_op"), 200));
        answers.add(expect(export(intruder, guessedUsers, null), 200));
        answers.add(expect(export(intruder, null, null), 200));
        answers.add(expect(export(intruder, null, ownersExportToken), 200));
        answers.add(expect(as(intruder).body(Map.of("provider", "fitbit", "user_ids", guessedUsers))
                .post("/v2/link/bulk_pause"), 200));
        for (Response answer : answers) {
            for (String secret : owner.secrets()) {
                assertFalse(answer.asString().toLowerCase(Locale.ROOT).contains(secret.toLowerCase(Locale.ROOT)),
                        "the intruder saw " + secret + " in " + answer.asString());
            }
        }
        as(intruder).queryParam("limit", 500).get("/v2/user").then().body("total", equalTo(1))
                .body("users.user_id", contains(intrudersUser.toString()));

        // Importing onto the owner's users or pulling their history fails item by item, touching nothing of theirs.
        List<String> exact = owner.users().stream().map(UUID::toString).toList();
        String importOp = as(intruder).body(Recipes.body("fitbit", owner.users(), "hijack", true))
                .post("/v2/link/bulk_import").then().statusCode(200).body("status", equalTo("failure"))
                .body("user_ids_imported", empty()).extract().path("bulk_op_id");
        as(intruder).get("/v2/link/bulk_op/" + importOp).then().body("failures", hasSize(exact.size()))
                .body("failures.error_type", everyItem(equalTo("user_not_found")));
        as(intruder).body(Map.of("provider", "fitbit", "user_ids", exact, "wait_for_completion", true))
                .post("/v2/link/bulk_trigger_historical_pull").then().statusCode(200)
                .body("status", equalTo("failure")).body("user_ids_imported", empty());
        // The same external account at another team is that team's own connection, not a takeover.
        UUID lookalike = Teams.createUser(intruder, Teams.unique("lookalike"));
        Map<String, Object> sameAccount = Recipes.recipe(lookalike, "lookalike");
        sameAccount.put("provider_id", "ext-" + owner.users().get(0));
        as(intruder).body(Recipes.body("fitbit", List.of(sameAccount), true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success"));
        // A body cannot place a user in another team or give it an id.
        Map<String, Object> smuggled = new HashMap<>();
        smuggled.put("client_user_id", owner.clientUserIds().get(0));
        smuggled.put("team_id", owner.team().id().toString());
        smuggled.put("user_id", owner.users().get(0).toString());
        smuggled.put("id", owner.users().get(0).toString());
        String smuggledId = as(intruder).body(smuggled).post("/v2/user").then().statusCode(200).extract().path("user_id");
        assertNotEquals(owner.users().get(0).toString(), smuggledId);
        as(intruder).get("/v2/user/" + smuggledId).then().body("team_id", equalTo(intruder.id().toString()));
        // Naming the owner's team is refused everywhere, and the operator API takes no team key.
        for (RequestSpecification call : List.of(as(intruder).queryParam("team_id", owner.team().id().toString()))) {
            call.get("/v2/user").then().statusCode(403).contentType(ContentType.JSON).body("detail", notNullValue());
        }
        for (String path : List.of("/v2/link/bulk_op", "/v2/user/" + owner.users().get(0))) {
            as(intruder).queryParam("team_id", owner.team().id().toString()).get(path).then().statusCode(403);
        }
        as(intruder).queryParam("team_id", owner.team().id().toString()).body(Recipes.body("fitbit",
                List.of(intrudersUser), "x", false)).post("/v2/link/bulk_import").then().statusCode(403);
        String ownerPath = "/admin/v1/teams/" + owner.team().id();
        given().header("x-vital-api-key", intruder.apiKey()).get(ownerPath).then().statusCode(401);
        given().header("x-admin-key", intruder.apiKey()).get(ownerPath + "/custom_credentials").then().statusCode(401);
        given().header("x-admin-key", intruder.apiKey()).contentType(ContentType.JSON)
                .body(Map.of("link_migration_enabled", false)).patch(ownerPath).then().statusCode(401);
        given().header("x-admin-key", intruder.apiKey()).post(ownerPath + "/api_keys").then().statusCode(401);
        given().header("x-admin-key", intruder.apiKey())
                .delete(ownerPath + "/api_keys/" + owner.team().keyPrefix()).then().statusCode(401);

        await().atMost(DEADLINE).until(() -> TeamData.settled(owner.team().id())
                && TeamData.settled(intruder.id()));
        assertEquals(before, TeamData.fingerprint(owner.team().id()), "the intruder changed the owner's rows");
        assertEquals(pullsBefore, publishedPullsFor(owner.users()), "a pull was published for the owner's users");
        for (UUID user : owner.users()) {
            as(owner.team()).get("/v2/user/providers/" + user).then().statusCode(200)
                    .body("providers[0].status", equalTo("connected"));
        }
        export(owner.team(), List.of(owner.users().get(0).toString()), null).then()
                .body("data[0].access_token", equalTo(Recipes.accessToken(owner.users().get(0), owner.marker())));
    }

    @Test
    void aTeamWithMigrationDisabledIsRefusedAtOnceAndKeepsItsData() {
        Owner team = owner("disabled");
        asOperator().body(Map.of("link_migration_enabled", false)).patch("/admin/v1/teams/" + team.team().id())
                .then().statusCode(200).body("link_migration_enabled", is(false));
        Map<String, String> before = TeamData.fingerprint(team.team().id());
        List<String> users = team.users().stream().map(UUID::toString).toList();
        List<Response> refusals = List.of(
                as(team.team()).body(Recipes.body("fitbit", team.users(), "again", true)).post("/v2/link/bulk_import"),
                as(team.team()).get("/v2/link/bulk_op"),
                as(team.team()).get("/v2/link/bulk_op/" + team.opIds().get(0)),
                export(team.team(), null, null),
                as(team.team()).body(Map.of("provider", "fitbit", "user_ids", users)).post("/v2/link/bulk_pause"),
                as(team.team()).body(Map.of("provider", "fitbit", "user_ids", users))
                        .post("/v2/link/bulk_trigger_historical_pull"));
        for (Response refusal : refusals) {
            refusal.then().statusCode(403).contentType(ContentType.JSON).body("detail", notNullValue())
                    .body("data", is((Object) null));
            assertFalse(refusal.asString().contains(team.marker()), refusal.asString());
        }
        assertEquals(before, TeamData.fingerprint(team.team().id()), "a refused request changed the team's rows");

        asOperator().body(Map.of("link_migration_enabled", true)).patch("/admin/v1/teams/" + team.team().id())
                .then().statusCode(200);
        as(team.team()).get("/v2/link/bulk_op/" + team.opIds().get(0)).then().statusCode(200);
    }

    @Test
    void aRevokedKeyIsRefusedOnTheVeryNextRequestEverywhere() {
        Owner team = owner("revoked");
        String spare = asOperator().post("/admin/v1/teams/" + team.team().id() + "/api_keys").then().statusCode(201)
                .extract().path("api_key");
        asOperator().delete("/admin/v1/teams/" + team.team().id() + "/api_keys/" + team.team().keyPrefix())
                .then().statusCode(204);
        Map<String, String> before = TeamData.fingerprint(team.team().id());
        String revoked = team.team().apiKey();
        String user = team.users().get(0).toString();
        Map<String, Function<RequestSpecification, Response>> calls = new LinkedHashMap<>();
        calls.put("list users", call -> call.get("/v2/user"));
        calls.put("get user", call -> call.get("/v2/user/" + user));
        calls.put("resolve", call -> call.get("/v2/user/resolve/" + team.clientUserIds().get(0)));
        calls.put("providers", call -> call.get("/v2/user/providers/" + user));
        calls.put("create user", call -> call.body(Map.of("client_user_id", Teams.unique("late"))).post("/v2/user"));
        calls.put("deregister", call -> call.delete("/v2/user/" + user + "/fitbit"));
        calls.put("delete user", call -> call.delete("/v2/user/" + user));
        calls.put("import", call -> call.body(Recipes.body("fitbit", team.users(), "late", true))
                .post("/v2/link/bulk_import"));
        calls.put("ops", call -> call.get("/v2/link/bulk_op"));
        calls.put("op", call -> call.get("/v2/link/bulk_op/" + team.opIds().get(0)));
        calls.put("export", call -> call.body(Map.of("provider", "fitbit")).post("/v2/link/bulk_export"));
        calls.put("pause", call -> call.body(Map.of("provider", "fitbit", "user_ids", List.of(user)))
                .post("/v2/link/bulk_pause"));
        calls.put("pull", call -> call.body(Map.of("provider", "fitbit", "user_ids", List.of(user)))
                .post("/v2/link/bulk_trigger_historical_pull"));
        for (Map.Entry<String, Function<RequestSpecification, Response>> call : calls.entrySet()) {
            Response answer = call.getValue().apply(as(revoked));
            assertEquals(401, answer.statusCode(), call.getKey() + ": " + answer.asString());
            answer.then().contentType(ContentType.JSON).body("detail", equalTo("Invalid API key."));
        }
        assertEquals(before, TeamData.fingerprint(team.team().id()), "a revoked key changed the team's rows");
        as(spare).get("/v2/user/" + user).then().statusCode(200);
        as(spare).get("/v2/link/bulk_op/" + team.opIds().get(0)).then().statusCode(200);
    }

    @Test
    void submittedTokensSecretsAndKeysAppearNowhereInPlaintext() throws Exception {
        String marker = "plain" + UUID.randomUUID().toString().replace("-", "");
        String clientSecret = "cs-" + marker;
        TestTeam team = Teams.createMigrating("secrecy", "fitbit", clientSecret);
        asOperator().body(Map.of("client_id", "client-whoop_v2", "client_secret", clientSecret))
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/whoop_v2").then().statusCode(200)
                .body(not(containsString(marker)));
        List<UUID> users = Teams.createUsers(team, 3);
        List<Response> answers = new ArrayList<>();
        answers.add(as(team).body(Recipes.body("fitbit", users, marker, true)).post("/v2/link/bulk_import"));
        answers.get(0).then().statusCode(200).body("status", equalTo("success"));

        // A provider that echoes the refresh token in its refusal (whoop_v2 verifies imports by refreshing).
        UUID refused = users.get(0);
        RealInfrastructure.oauthProvider().stubFor(post(urlEqualTo(WHOOP_TOKEN_PATH))
                .withRequestBody(containing(Recipes.refreshToken(refused, marker)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"refresh token "
                                + Recipes.refreshToken(refused, marker) + " was revoked (client secret "
                                + clientSecret + ")\"}")));
        answers.add(as(team).body(Recipes.body("whoop_v2", List.of(refused), marker, true))
                .post("/v2/link/bulk_import"));
        answers.get(1).then().statusCode(200).body("status", equalTo("failure"));
        String failedOp = answers.get(1).path("bulk_op_id");
        answers.add(as(team).get("/v2/link/bulk_op/" + failedOp));
        answers.get(2).then().body("failures[0].error_type", equalTo("token_refresh_failed"));

        // Refused requests that carry the values.
        Map<String, Object> badExpiry = Recipes.recipe(users.get(1), marker);
        badExpiry.put("expires_at", -1);
        Map<String, Object> tooLong = Recipes.recipe(users.get(2), marker);
        tooLong.put("access_token", marker.repeat(300));
        Map<String, Object> wrongType = Recipes.recipe(users.get(2), marker);
        wrongType.put("user_id", marker);
        answers.add(as(team).body(Recipes.body("fitbit", List.of(badExpiry, tooLong), false)).post("/v2/link/bulk_import"));
        answers.add(as(team).body(Recipes.body("fitbit", List.of(wrongType), false)).post("/v2/link/bulk_import"));
        answers.add(as(team).body(Recipes.body("oura", users, marker, false)).post("/v2/link/bulk_import"));
        answers.add(as(team).body("{\"provider\": \"fitbit\", \"connections\": [{\"access_token\": \"" + marker + "\" ")
                .post("/v2/link/bulk_import"));
        answers.add(as(team).body("{\"provider\": \"fitbit\", \"next_token\": \"" + marker + "\"}")
                .post("/v2/link/bulk_export"));
        answers.add(asOperator().body(Map.of("client_id", 5, "client_secret", clientSecret))
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/oura"));
        answers.add(asOperator().body("{\"client_id\": \"c\", \"client_secret\": \"" + clientSecret + "\"} trailing")
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/oura"));
        answers.add(asOperator().body(Map.of("client_id", "c", "client_secret", clientSecret))
                .put("/admin/v1/teams/" + UUID.randomUUID() + "/custom_credentials/oura"));
        answers.add(as(marker).get("/v2/user"));
        answers.add(as(team.apiKey() + marker).get("/v2/user"));
        answers.add(given().header("x-admin-key", clientSecret).get("/admin/v1/teams/" + team.id()));
        for (Response answer : answers.subList(3, answers.size())) {
            assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, answer.asString());
        }
        // Legitimate reads, whose answers must not carry the secret or the team's key either.
        answers.add(asOperator().get("/admin/v1/teams/" + team.id() + "/custom_credentials"));
        answers.add(asOperator().get("/admin/v1/teams/" + team.id() + "/api_keys"));
        answers.add(as(team).get("/v2/user/providers/" + users.get(1)));
        answers.add(as(team).get("/v2/link/bulk_op"));

        await().atMost(DEADLINE).until(() -> TeamData.settled(team.id()));
        List<String> plaintexts = new ArrayList<>(List.of(marker, team.apiKey()));
        for (UUID user : users) {
            plaintexts.add(Recipes.accessToken(user, marker));
            plaintexts.add(Recipes.refreshToken(user, marker));
        }
        for (Response answer : answers) {
            for (String plaintext : plaintexts) {
                assertFalse(answer.asString().contains(plaintext), "an answer carries " + plaintext + ": "
                        + answer.asString());
            }
        }
        assertTrue(Files.exists(LOG), "the test log is where the check looks");
        // The file handler rotates at 10 MB: the values may sit in a rotated file.
        try (Stream<Path> files = Files.list(LOG.getParent())) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("linkops.log")).toList()) {
                String log = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                for (String plaintext : plaintexts) {
                    assertFalse(log.contains(plaintext), file + " carries " + plaintext);
                }
            }
        }
        List<String> topics = linkopsTopics();
        assertTrue(topics.containsAll(List.of(KafkaTopics.IMPORTS, "linkops.bulk-op-completions",
                "linkops.connection-events")), "topics: " + topics);
        int records = 0;
        for (String topic : topics) {
            for (ConsumerRecord<String, byte[]> record : KafkaTopics.readAll(topic)) {
                records++;
                StringBuilder text = new StringBuilder(String.valueOf(record.key()));
                text.append(new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8));
                for (Header header : record.headers()) {
                    text.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8));
                }
                for (String plaintext : plaintexts) {
                    for (String form : forms(plaintext)) {
                        assertFalse(text.toString().contains(form), "a record of " + topic + " carries " + plaintext);
                    }
                }
            }
        }
        assertTrue(records > 0, "the topics were read");
        List<String> tables = TeamData.tables();
        assertTrue(tables.containsAll(List.of("connections", "custom_credentials", "api_keys", "bulk_op_items")),
                "tables: " + tables);
        List<String> everyForm = plaintexts.stream().flatMap(plaintext -> forms(plaintext).stream()).toList();
        String anyForm = String.join(" or ", everyForm.stream().map(form -> "strpos(t::text, ?) > 0").toList());
        for (String table : tables) {
            long rows = Database.count("select count(*) from " + table + " t where " + anyForm, everyForm.toArray());
            assertEquals(0, rows, table + " holds one of " + plaintexts + " in plaintext (or hex, or base64)");
        }
        // The checks can see a value where it is: the submitted token is in the provider's request log.
        assertTrue(RealInfrastructure.oauthProvider().getAllServeEvents().stream().anyMatch(event ->
                event.getRequest().getBodyAsString().contains(Recipes.refreshToken(refused, marker))));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Owner owner(String name) {
        String marker = "owned" + UUID.randomUUID().toString().replace("-", "");
        TestTeam team = Teams.createMigrating(name, "fitbit");
        List<String> clientUserIds = new ArrayList<>();
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clientUserIds.add(Teams.unique(name + "-user-" + i));
            users.add(Teams.createUser(team, clientUserIds.get(i)));
        }
        List<String> ops = new ArrayList<>();
        ops.add(as(team).body(Recipes.body("fitbit", users.subList(0, 2), marker, true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success")).extract().path("bulk_op_id"));
        ops.add(as(team).body(Recipes.body("fitbit", users.subList(2, 4), marker, true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("success")).extract().path("bulk_op_id"));
        ops.add(as(team).body(Map.of("provider", "fitbit", "user_ids", List.of(users.get(0).toString()),
                "wait_for_completion", true)).post("/v2/link/bulk_trigger_historical_pull")
                .then().statusCode(200).body("status", equalTo("success")).extract().path("bulk_op_id"));
        await().atMost(DEADLINE).until(() -> TeamData.settled(team.id()));
        return new Owner(team, users, clientUserIds, ops, marker);
    }

    /** The ids as given, in capitals, one digit off, and ids nobody has. */
    private static List<String> guesses(List<UUID> ids) {
        List<String> guesses = new ArrayList<>();
        for (UUID id : ids) {
            String text = id.toString();
            guesses.add(text);
            guesses.add(text.toUpperCase(Locale.ROOT));
            char last = text.charAt(text.length() - 1);
            guesses.add(text.substring(0, text.length() - 1) + (last == '0' ? '1' : '0'));
        }
        for (int i = 0; i < 5; i++) {
            guesses.add(UUID.randomUUID().toString());
        }
        guesses.add(new UUID(0, 0).toString());
        return guesses;
    }

    private static Response expect(Response response, int status) {
        response.then().statusCode(status).contentType(ContentType.JSON);
        if (status >= 400) {
            response.then().body("detail", notNullValue());
        }
        return response;
    }

    private static Response export(TestTeam team, List<String> userIds, String nextToken) {
        Map<String, Object> body = new HashMap<>();
        body.put("provider", "fitbit");
        body.put("user_ids", userIds);
        body.put("next_token", nextToken);
        return as(team).body(body).post("/v2/link/bulk_export");
    }

    /**
     * How many pulls were published to the data-pull system for one of the users. (The op's own work topic may name
     * them: it carries what the intruder asked for, which its worker then fails.)
     */
    private static long publishedPullsFor(List<UUID> users) {
        long count = 0;
        for (ConsumerRecord<String, byte[]> record : KafkaTopics.readAll("linkops.historical-pulls")) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            count += users.stream().filter(user -> value.contains(user.toString())).count();
        }
        return count;
    }

    private static List<String> linkopsTopics() throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            return names.stream().filter(name -> name.startsWith("linkops.")).sorted().toList();
        }
    }

    /** A value as plaintext might show: itself, its bytes in hex (how a bytea column prints) and base64. */
    private static List<String> forms(String plaintext) {
        byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
        return List.of(plaintext, HexFormat.of().formatHex(bytes), Base64.getEncoder().encodeToString(bytes));
    }
}
