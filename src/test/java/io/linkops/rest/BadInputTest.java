package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.Gen;
import io.linkops.testinfra.RawHttp;
import io.linkops.testinfra.RawHttp.Answer;
import io.linkops.testinfra.RawHttp.Request;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.TeamData;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bad input, generated: every endpoint gets a few hundred requests that are each wrong in at least one way (malformed
 * JSON, wrong types, nulls, huge strings, deep nesting, oversized lists, bad ids, cursors, tokens, keys and content
 * types). Every answer must be a 4xx JSON {@code detail}; afterwards the team's rows are exactly as before and the
 * service is ready. The cases come from {@link Gen} generators driven by a fixed seed, printed with any failure; run
 * with {@code -Dlinkops.fuzz.seed=<n>} to reproduce one, or another seed to explore.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class BadInputTest {

    private static final long SEED = Long.getLong("linkops.fuzz.seed", 20_261_128L);
    private static final int CASES = Integer.getInteger("linkops.fuzz.cases", 120);
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final List<String> PROVIDERS = List.of("oura", "fitbit", "garmin", "strava", "wahoo", "ihealth",
            "withings", "google_fit", "dexcom_v3", "polar", "cronometer", "omron", "whoop_v2", "my_fitness_pal_v2",
            "ultrahuman", "runkeeper", "google_health");
    private static final Set<Integer> UNPROCESSABLE = Set.of(422);
    private static final int MAX_CONNECTIONS = 10_000;

    /** A migrating team with three users, two of them connected to fitbit by one finished op. */
    private record Fixture(TestTeam team, List<UUID> users, String opId) {
    }

    /** One generated request and the statuses it may answer; a refusal by the HTTP layer itself has no body. */
    private record Case(Request request, Set<Integer> allowed, boolean bodiless) {

        Case(Request request, Set<Integer> allowed) {
            this(request, allowed, false);
        }
    }

    @Test
    void generatedBadBodiesForEveryTeamEndpointAre422AndChangeNothing() {
        Fixture fixture = fixture("bad-bodies");
        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        for (BodyEndpoint endpoint : teamBodyEndpoints(fixture)) {
            cases.addAll(bodyCases(endpoint, header("x-vital-api-key", fixture.team().apiKey()), random));
        }
        assertBarrage(fixture, cases);
    }

    @Test
    void generatedBadBodiesForEveryOperatorEndpointAre422AndChangeNothing() {
        Fixture fixture = fixture("bad-admin-bodies");
        Random random = new Random(SEED + 1);
        List<Case> cases = new ArrayList<>();
        for (BodyEndpoint endpoint : operatorBodyEndpoints(fixture)) {
            cases.addAll(bodyCases(endpoint, header("x-admin-key", Teams.DEV_ADMIN_KEY), random));
        }
        assertBarrage(fixture, cases);
    }

    @Test
    void badPathIdsQueriesAndCursorsAre4xxAndChangeNothing() {
        Fixture fixture = fixture("bad-paths");
        Random random = new Random(SEED + 2);
        List<Case> cases = new ArrayList<>();
        Map<String, String> key = header("x-vital-api-key", fixture.team().apiKey());
        Map<String, String> admin = header("x-admin-key", Teams.DEV_ADMIN_KEY);
        String team = "/admin/v1/teams/" + fixture.team().id();
        for (String id : badIds().sample(CASES, random)) {
            cases.add(new Case(request("GET", "/v2/user/" + id, key, null), Set.of(404, 422)));
            cases.add(new Case(request("DELETE", "/v2/user/" + id, key, null), Set.of(404, 422)));
            cases.add(new Case(request("GET", "/v2/user/providers/" + id, key, null), Set.of(404, 422)));
            cases.add(new Case(request("DELETE", "/v2/user/" + id + "/fitbit", key, null), Set.of(404, 422)));
            cases.add(new Case(request("GET", "/v2/link/bulk_op/" + id, key, null), Set.of(404, 422)));
            cases.add(new Case(request("GET", "/admin/v1/teams/" + id, admin, null), Set.of(404, 422)));
            cases.add(new Case(request("PATCH", "/admin/v1/teams/" + id, admin, "{\"link_migration_enabled\": true}"),
                    Set.of(404, 422)));
            cases.add(new Case(request("POST", "/admin/v1/teams/" + id + "/api_keys", admin, null), Set.of(404, 422)));
            cases.add(new Case(request("GET", "/admin/v1/teams/" + id + "/api_keys", admin, null), Set.of(404, 422)));
            cases.add(new Case(request("GET", "/admin/v1/teams/" + id + "/custom_credentials", admin, null),
                    Set.of(404, 422)));
            cases.add(new Case(request("PUT", "/admin/v1/teams/" + id + "/custom_credentials/fitbit", admin,
                    "{\"client_id\": \"c\", \"client_secret\": \"s\"}"), Set.of(404, 422)));
        }
        for (String text : encodedText().sample(CASES, random)) {
            // A client user id may be any text: an unknown one is simply not found.
            cases.add(new Case(request("GET", "/v2/user/resolve/" + text, key, null), Set.of(404, 422)));
            cases.add(new Case(request("DELETE", "/v2/user/" + fixture.users().get(0) + "/" + text, key, null),
                    Set.of(404, 422)));
            cases.add(new Case(request("PUT", team + "/custom_credentials/" + text, admin,
                    "{\"client_id\": \"c\", \"client_secret\": \"s\"}"), Set.of(404, 422)));
            cases.add(new Case(request("DELETE", team + "/api_keys/" + text, admin, null), Set.of(404, 422)));
        }
        for (String value : badIntegers().sample(CASES, random)) {
            cases.add(new Case(request("GET", "/v2/user?offset=" + value, key, null), UNPROCESSABLE));
            cases.add(new Case(request("GET", "/v2/user?limit=" + value, key, null), UNPROCESSABLE));
            cases.add(new Case(request("GET", "/v2/link/bulk_op?page_size=" + value, key, null), UNPROCESSABLE));
        }
        for (String cursor : badCursors().sample(CASES, random)) {
            cases.add(new Case(request("GET", "/v2/link/bulk_op?next_cursor=" + cursor, key, null), UNPROCESSABLE));
        }
        for (String range : List.of("0", "-1", "501", "2147483648")) {
            cases.add(new Case(request("GET", "/v2/user?limit=" + range, key, null), UNPROCESSABLE));
        }
        for (String range : List.of("0", "-1", "51", "99999999999")) {
            cases.add(new Case(request("GET", "/v2/link/bulk_op?page_size=" + range, key, null), UNPROCESSABLE));
        }
        assertBarrage(fixture, cases);
    }

    @Test
    void forgedButWellFormedCursorsNeverFailTheServer() {
        Fixture fixture = fixture("forged-cursors");
        Map<String, String> key = header("x-vital-api-key", fixture.team().apiKey());
        List<Case> cases = new ArrayList<>();
        for (String micros : List.of("-9223372036854775808", "9223372036854775807", "-62135596800000001",
                "253402300800000000", "0", "-1")) {
            String cursor = base64Url("v1|" + micros + "|" + UUID.randomUUID());
            cases.add(new Case(request("GET", "/v2/link/bulk_op?next_cursor=" + cursor, key, null), Set.of(200, 422)));
        }
        assertBarrage(fixture, cases);
    }

    @Test
    void badKeysWrongContentTypesAndMethodsAre4xxAndChangeNothing() {
        Fixture fixture = fixture("bad-headers");
        Random random = new Random(SEED + 3);
        List<Case> cases = new ArrayList<>();
        List<Request> everyTeamCall = everyTeamCall(fixture);
        List<Request> everyOperatorCall = everyOperatorCall(fixture);
        List<String> keys = badKeys(fixture.team()).sample(CASES, random);
        for (int i = 0; i < keys.size(); i++) {
            Request call = everyTeamCall.get(i % everyTeamCall.size());
            Request withKey = keys.get(i) == null ? call : call.header("x-vital-api-key", keys.get(i));
            cases.add(new Case(withKey, Set.of(401)));
            Request operatorCall = everyOperatorCall.get(i % everyOperatorCall.size());
            Request withAdminKey = keys.get(i) == null ? operatorCall : operatorCall.header("x-admin-key", keys.get(i));
            cases.add(new Case(withAdminKey, Set.of(401)));
        }
        Map<String, String> key = header("x-vital-api-key", fixture.team().apiKey());
        Map<String, String> admin = header("x-admin-key", Teams.DEV_ADMIN_KEY);
        // The team key is not an operator key, nor the operator key a team key.
        for (Request call : everyOperatorCall) {
            cases.add(new Case(call.header("x-admin-key", fixture.team().apiKey()), Set.of(401)));
        }
        for (Request call : everyTeamCall) {
            cases.add(new Case(call.header("x-vital-api-key", Teams.DEV_ADMIN_KEY), Set.of(401)));
        }
        List<Request> writes = new ArrayList<>();
        for (BodyEndpoint endpoint : teamBodyEndpoints(fixture)) {
            writes.add(request(endpoint.method(), endpoint.path(), key, write(endpoint.valid())));
        }
        for (BodyEndpoint endpoint : operatorBodyEndpoints(fixture)) {
            writes.add(request(endpoint.method(), endpoint.path(), admin, write(endpoint.valid())));
        }
        for (Request write : writes) {
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=xyz", "text/json", "application/octet-stream", "image/png",
                    "application/json-patch+json", "garbage")) {
                cases.add(new Case(write.header("content-type", type), Set.of(415, 422, 400)));
            }
        }
        for (Request read : everyTeamCall.stream().filter(call -> call.method().equals("GET")).toList()) {
            cases.add(new Case(read.header("accept", "text/html"), Set.of(406)));
            cases.add(new Case(read.header("accept", "application/xml"), Set.of(406)));
        }
        for (String[] wrong : new String[][] {{"PUT", "/v2/user"}, {"DELETE", "/v2/link/bulk_import"},
                {"GET", "/v2/link/bulk_export"}, {"GET", "/v2/link/bulk_pause"}, {"PUT", "/v2/link/bulk_op"},
                {"GET", "/v2/link/bulk_trigger_historical_pull"}, {"PATCH", "/v2/user/" + fixture.users().get(0)}}) {
            cases.add(new Case(request(wrong[0], wrong[1], key, "{}"), Set.of(405)));
        }
        cases.add(new Case(request("DELETE", "/admin/v1/teams/" + fixture.team().id(), admin, null), Set.of(405)));
        cases.add(new Case(request("GET", "/v2/../admin/v1/teams/" + fixture.team().id(), key, null), Set.of(401, 404)));
        cases.add(new Case(request("GET", "/v2/user/..%2F..%2Fadmin%2Fv1%2Fteams", key, null), Set.of(404, 422)));
        assertBarrage(fixture, cases);
    }

    @Test
    void oversizedListsDeepNestingAndHugeBodiesAreRefusedWithJson() {
        Fixture fixture = fixture("oversized");
        Map<String, String> key = header("x-vital-api-key", fixture.team().apiKey());
        List<Case> cases = new ArrayList<>();
        List<Map<String, Object>> recipes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= MAX_CONNECTIONS; i++) {
            UUID user = UUID.randomUUID();
            recipes.add(Recipes.recipe(user, "big"));
            ids.add(user.toString());
        }
        cases.add(new Case(request("POST", "/v2/link/bulk_import", key,
                write(Recipes.body("fitbit", recipes, false))), Set.of(413)));
        for (String path : List.of("/v2/link/bulk_export", "/v2/link/bulk_pause",
                "/v2/link/bulk_trigger_historical_pull")) {
            cases.add(new Case(request("POST", path, key, write(Map.of("provider", "fitbit", "user_ids", ids))),
                    Set.of(413)));
        }
        for (BodyEndpoint endpoint : teamBodyEndpoints(fixture)) {
            for (int depth : List.of(1_001, 10_000, 100_000)) {
                String nested = "[".repeat(depth) + "]".repeat(depth);
                Map<String, Object> body = new LinkedHashMap<>(endpoint.valid());
                body.put(endpoint.fields().keySet().iterator().next(), new RawValue(nested));
                cases.add(new Case(request(endpoint.method(), endpoint.path(), key, write(body)), UNPROCESSABLE));
                cases.add(new Case(request(endpoint.method(), endpoint.path(), key, "{\"a\":".repeat(depth)),
                        UNPROCESSABLE));
            }
        }
        // Larger than Jackson's longest string (20 MB), yet within the body limit (64 MB).
        String longest = "{\"client_user_id\": \"" + "x".repeat(21_000_000) + "\"}";
        cases.add(new Case(request("POST", "/v2/user", key, longest), UNPROCESSABLE));
        // A valid body padded past the limit and sent without a length: the HTTP layer must stop reading at the limit.
        byte[] overLimit = new byte[65 * 1024 * 1024];
        Arrays.fill(overLimit, (byte) ' ');
        overLimit[0] = '{';
        byte[] field = ("\"client_user_id\": \"" + Teams.unique("over-limit") + "\"}").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(field, 0, overLimit, overLimit.length - field.length, field.length);
        // Known limit: Quarkus' reader answers that 413 itself, without a body; RequestSizeGuard only sees lengths.
        cases.add(new Case(RawHttp.Request.of("POST", "/v2/user").header("x-vital-api-key",
                fixture.team().apiKey()).header("content-type", "application/json").body(overLimit).withoutLength(),
                Set.of(413), true));
        assertBarrage(fixture, cases);
    }

    @Test
    void regressionsTheGeneratedCasesFound() throws Exception {
        Fixture fixture = fixture("regressions");
        Map<String, String> key = header("x-vital-api-key", fixture.team().apiKey());
        Map<String, String> admin = header("x-admin-key", Teams.DEV_ADMIN_KEY);
        String team = "/admin/v1/teams/" + fixture.team().id();
        Map<String, Object> recipe = Recipes.recipe(fixture.users().get(2), "nul");
        recipe.put("provider_id", "ext\u0000");
        Map<Request, List<Object>> locations = new LinkedHashMap<>();
        // PostgreSQL text cannot hold U+0000: these were 500s.
        locations.put(request("POST", "/v2/user", key, "{\"client_user_id\": \"a\\u0000b\"}"),
                List.of("body", "client_user_id"));
        locations.put(request("POST", "/admin/v1/teams", admin, "{\"name\": \"\\u0000\"}"), List.of("body", "name"));
        locations.put(request("POST", "/v2/link/bulk_import", key, write(Recipes.body("fitbit", List.of(recipe), true))),
                List.of("body", "connections", 0, "provider_id"));
        locations.put(request("GET", "/v2/user/resolve/a%00b", key, null), List.of("path", "client_user_id"));
        locations.put(request("DELETE", team + "/api_keys/%00", admin, null), List.of("path", "key_prefix"));
        // Jackson stops after the first value and used to ignore what follows it.
        locations.put(request("POST", "/v2/user", key, "{\"client_user_id\": \"trailing\"} {}"), List.of("body"));
        locations.put(request("POST", "/admin/v1/teams", admin, "{\"name\": \"trailing\"}x"), List.of("body"));
        // Jackson reads year 999999999, which the database driver stored as infinity.
        locations.put(request("POST", "/v2/user", key, "{\"client_user_id\": \"far\", \"fallback_birth_date\": "
                + "\"+999999999-12-31\"}"), List.of("body", "fallback_birth_date"));
        List<Case> cases = new ArrayList<>();
        locations.keySet().forEach(request -> cases.add(new Case(request, UNPROCESSABLE)));
        assertBarrage(fixture, cases);
        for (Map.Entry<Request, List<Object>> location : locations.entrySet()) {
            JsonNode problem = JSON.readTree(RawHttp.send(location.getKey()).body()).get("detail").get(0);
            List<Object> loc = JSON.convertValue(problem.get("loc"), List.class);
            // A malformed body's loc ends with the character offset, which only the prefix check leaves out.
            assertEquals(location.getValue(), loc.subList(0, location.getValue().size()), location.getKey().toString());
            if (location.getValue().equals(List.of("body"))) {
                assertEquals("json_invalid", problem.get("type").asText(), location.getKey().toString());
            }
        }
    }

    @Test
    void unknownFieldsAreIgnoredOnAValidRequest() {
        Fixture fixture = fixture("unknown-fields");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", "fitbit");
        body.put("user_ids", List.of(fixture.users().get(0).toString()));
        body.put("next_token", null);
        body.put("sdk_field_from_the_future", Map.of("nested", List.of(1, 2, 3)));
        body.put("team_id", UUID.randomUUID().toString());
        as(fixture.team()).body(body).post("/v2/link/bulk_export").then().statusCode(200)
                .body("data[0].user_id", equalTo(fixture.users().get(0).toString()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The barrage and its checks

    private static Fixture fixture(String name) {
        TestTeam team = Teams.createMigrating(name, "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        String opId = as(team).body(Recipes.body("fitbit", users.subList(0, 2), "fixture", true))
                .post("/v2/link/bulk_import").then().statusCode(200).body("status", equalTo("success"))
                .extract().path("bulk_op_id");
        await().atMost(DEADLINE).until(() -> TeamData.settled(team.id()));
        return new Fixture(team, users, opId);
    }

    /** Sends every case; fails listing each answer that is not an allowed 4xx JSON detail, then checks nothing changed. */
    private static void assertBarrage(Fixture fixture, List<Case> cases) {
        assertTrue(TeamData.tablesNotFingerprinted().isEmpty(),
                "tables the fingerprint misses: " + TeamData.tablesNotFingerprinted());
        Map<String, String> before = TeamData.fingerprint(fixture.team().id());
        long teams = Database.count("select count(*) from teams");
        long keys = Database.count("select count(*) from api_keys");
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (Case c : cases) {
            Answer answer = RawHttp.send(c.request());
            String problem = c.bodiless() ? (c.allowed().contains(answer.status()) ? null
                    : "status " + answer.status() + " not in " + c.allowed()) : problemWith(answer, c.allowed());
            if (problem != null) {
                failures.add(problem + " <- " + c.request());
            }
        }
        System.out.printf("BadInputTest: %d cases in %d ms (seed %d)%n", cases.size(),
                (System.nanoTime() - started) / 1_000_000, SEED);
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " cases failed (seed " + SEED + "):\n"
                + String.join("\n", failures.subList(0, Math.min(failures.size(), 25))));
        await().atMost(DEADLINE).until(() -> TeamData.settled(fixture.team().id()));
        assertEquals(before, TeamData.fingerprint(fixture.team().id()), "the team's rows changed");
        assertEquals(teams, Database.count("select count(*) from teams"), "a team was created");
        assertEquals(keys, Database.count("select count(*) from api_keys"), "an API key was issued");
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        as(fixture.team()).get("/v2/link/bulk_op/" + fixture.opId()).then().statusCode(200)
                .body("status", equalTo("success"));
    }

    private static String problemWith(Answer answer, Set<Integer> allowed) {
        String body = answer.body().length() > 500 ? answer.body().substring(0, 500) + "..." : answer.body();
        if (!allowed.contains(answer.status())) {
            return "status " + answer.status() + " not in " + allowed + " (" + body + ")";
        }
        if (!answer.contentType().startsWith("application/json")) {
            return "content type '" + answer.contentType() + "' (" + answer.status() + " " + body + ")";
        }
        if (answer.status() >= 300) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(answer.body());
            } catch (Exception e) {
                return "not JSON (" + answer.status() + " " + body + ")";
            }
            if (parsed == null || !parsed.isObject() || !parsed.has("detail") || parsed.get("detail").isNull()) {
                return "no detail (" + answer.status() + " " + body + ")";
            }
            if (answer.body().contains("Exception") || answer.body().contains("\tat ")
                    || answer.body().contains("io.linkops") || answer.body().contains("com.fasterxml")) {
                return "internals in the answer (" + body + ")";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Endpoints with bodies: a valid body and the kind of each field; every case breaks at least one of them.

    private enum Kind {
        TEXT, OPTIONAL_TEXT, PROVIDER, UUID_LIST, OPTIONAL_UUID_LIST, NON_EMPTY_UUID_LIST, OPTIONAL_BOOLEAN,
        OPTIONAL_DATE, OPTIONAL_TIME_ZONE, RECIPES, EXPORT_TOKEN, OPTIONAL_OBJECT
    }

    private record BodyEndpoint(String method, String path, Map<String, Object> valid, Map<String, Kind> fields) {
    }

    private static List<BodyEndpoint> teamBodyEndpoints(Fixture fixture) {
        String user = fixture.users().get(0).toString();
        Map<String, Object> createUser = new LinkedHashMap<>();
        createUser.put("client_user_id", Teams.unique("fuzz"));
        createUser.put("fallback_time_zone", "Europe/Berlin");
        createUser.put("fallback_birth_date", "1990-04-01");
        createUser.put("ingestion_start", "2024-01-01");
        createUser.put("ingestion_end", "2024-02-01");
        Map<String, Kind> createUserFields = new LinkedHashMap<>();
        createUserFields.put("client_user_id", Kind.TEXT);
        createUserFields.put("fallback_time_zone", Kind.OPTIONAL_TIME_ZONE);
        createUserFields.put("fallback_birth_date", Kind.OPTIONAL_DATE);
        createUserFields.put("ingestion_start", Kind.OPTIONAL_DATE);
        createUserFields.put("ingestion_end", Kind.OPTIONAL_DATE);

        Map<String, Object> bulkImport = Recipes.body("fitbit", List.of(fixture.users().get(2), fixture.users().get(0)),
                "fuzz", false);
        Map<String, Kind> importFields = new LinkedHashMap<>();
        importFields.put("connections", Kind.RECIPES);
        importFields.put("provider", Kind.PROVIDER);
        importFields.put("wait_for_completion", Kind.OPTIONAL_BOOLEAN);

        Map<String, Object> export = new LinkedHashMap<>();
        export.put("provider", "fitbit");
        export.put("user_ids", List.of(user));
        export.put("next_token", null);
        Map<String, Kind> exportFields = new LinkedHashMap<>();
        exportFields.put("user_ids", Kind.OPTIONAL_UUID_LIST);
        exportFields.put("provider", Kind.PROVIDER);
        exportFields.put("next_token", Kind.EXPORT_TOKEN);

        Map<String, Object> pause = new LinkedHashMap<>();
        pause.put("user_ids", List.of(user));
        pause.put("provider", "fitbit");
        Map<String, Kind> pauseFields = new LinkedHashMap<>();
        pauseFields.put("user_ids", Kind.UUID_LIST);
        pauseFields.put("provider", Kind.PROVIDER);

        Map<String, Object> pull = new LinkedHashMap<>(pause);
        pull.put("wait_for_completion", false);
        Map<String, Kind> pullFields = new LinkedHashMap<>();
        pullFields.put("user_ids", Kind.NON_EMPTY_UUID_LIST);
        pullFields.put("provider", Kind.PROVIDER);
        pullFields.put("wait_for_completion", Kind.OPTIONAL_BOOLEAN);

        return List.of(
                new BodyEndpoint("POST", "/v2/user", createUser, createUserFields),
                new BodyEndpoint("POST", "/v2/link/bulk_import", bulkImport, importFields),
                new BodyEndpoint("POST", "/v2/link/bulk_import?wait_for_completion=true", bulkImport, importFields),
                new BodyEndpoint("POST", "/v2/link/bulk_export", export, exportFields),
                new BodyEndpoint("POST", "/v2/link/bulk_pause", pause, pauseFields),
                new BodyEndpoint("POST", "/v2/link/bulk_trigger_historical_pull", pull, pullFields));
    }

    private static List<BodyEndpoint> operatorBodyEndpoints(Fixture fixture) {
        String team = "/admin/v1/teams/" + fixture.team().id();
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("client_id", "client-fitbit");
        credential.put("client_secret", "another-secret");
        credential.put("details", Map.of("region", "eu"));
        credential.put("redirect_url_override", "https://example.com/callback");
        Map<String, Kind> credentialFields = new LinkedHashMap<>();
        credentialFields.put("client_id", Kind.TEXT);
        credentialFields.put("client_secret", Kind.TEXT);
        credentialFields.put("details", Kind.OPTIONAL_OBJECT);
        credentialFields.put("redirect_url_override", Kind.OPTIONAL_TEXT);
        return List.of(
                new BodyEndpoint("POST", "/admin/v1/teams", Map.of("name", "fuzzed"), Map.of("name", Kind.TEXT)),
                new BodyEndpoint("PATCH", team, Map.of("link_migration_enabled", false),
                        Map.of("link_migration_enabled", Kind.OPTIONAL_BOOLEAN)),
                new BodyEndpoint("PUT", team + "/custom_credentials/fitbit", credential, credentialFields),
                new BodyEndpoint("PUT", team + "/custom_credentials/oura", credential, credentialFields));
    }

    /** Each case starts from the valid body and breaks it in one generated way (sometimes adding unknown fields). */
    private static List<Case> bodyCases(BodyEndpoint endpoint, Map<String, String> auth, Random random) {
        List<String> fields = new ArrayList<>(endpoint.fields().keySet());
        List<String> required = fields.stream().filter(field -> isRequired(endpoint.fields().get(field))).toList();
        Gen<String> wrongField = Gen.of(fields).flatMap(field -> invalid(endpoint.fields().get(field))
                .map(value -> write(with(endpoint.valid(), field, value))));
        Gen<String> wrongFieldAndUnknownOnes = Gen.of(fields).flatMap(field ->
                invalid(endpoint.fields().get(field)).flatMap(value -> unknownFields().map(extra -> {
                    Map<String, Object> body = with(endpoint.valid(), field, value);
                    body.putAll(extra);
                    return write(body);
                })));
        Gen<String> wrongBody = Gen.of("null", "[]", "42", "\"text\"", "true", "", " ", "[{}]",
                "{\"" + fields.get(0) + "\"}");
        Gen<String> deeplyNested = Gen.integers(1_001, 5_000).map(depth ->
                write(with(endpoint.valid(), fields.get(0), new RawValue("[".repeat(depth) + "]".repeat(depth)))));
        List<Gen<String>> ways = new ArrayList<>(List.of(wrongField, wrongField, wrongField,
                wrongFieldAndUnknownOnes, wrongBody, malformed(write(endpoint.valid())), deeplyNested));
        if (!required.isEmpty()) {
            ways.add(Gen.of(required).map(field -> write(without(endpoint.valid(), field))));
        }
        if (endpoint.fields().containsValue(Kind.RECIPES)) {
            ways.add(badRecipes(endpoint.valid()));
            ways.add(badRecipes(endpoint.valid()));
        }
        List<Case> cases = new ArrayList<>();
        for (String body : Gen.oneOf(ways).sample(CASES, random)) {
            cases.add(new Case(request(endpoint.method(), endpoint.path(), auth, body), UNPROCESSABLE));
        }
        return cases;
    }

    private static boolean isRequired(Kind kind) {
        return !kind.name().startsWith("OPTIONAL") && kind != Kind.EXPORT_TOKEN;
    }

    /** Values that are wrong for a field of the kind whatever the rest of the body holds, as raw JSON. */
    private static Gen<RawValue> invalid(Kind kind) {
        Gen<String> notText = Gen.oneOf(Gen.integers().map(String::valueOf),
                Gen.doubles().map(d -> Double.isFinite(d) ? String.valueOf(d) : "1.5"),
                Gen.of("true", "false", "[]", "[\"a\"]", "{}", "{\"a\": 1}"));
        Gen<String> hugeText = Gen.of(4_097, 8_193, 70_000, 1_048_576).map(n -> quote("x".repeat(n)));
        Gen<String> blank = Gen.of("\"\"", "\" \"", "\"\\t\\n \"");
        Gen<String> withNul = Gen.of("\"\\u0000\"", "\"a\\u0000b\"", "\"fitbit\\u0000\"");
        // Jackson also reads a 24-character base64 value as a UUID; such values are not what this tests.
        Gen<String> notUuid = Gen.oneOf(badIds().filter(id -> id.length() != 24).map(id -> quote(id)),
                Gen.of("1", "true", "{}", "[]", "\"00000000000000000000000000000000\""));
        Gen<String> badUuidList = Gen.oneOf(
                notUuid.map(value -> "[" + value + "]"),
                notUuid.map(value -> "[\"" + UUID.randomUUID() + "\", " + value + "]"),
                Gen.of("[null]", "\"" + UUID.randomUUID() + "\"", "{}", "42", "true", "\"a,b\""));
        Gen<String> unknownProvider = Gen.oneOf(
                Gen.strings().alpha().numeric().withChars("_-. ").ofMinLength(1).ofMaxLength(40)
                        .filter(slug -> !PROVIDERS.contains(slug)).map(BadInputTest::quote),
                Gen.of("\"FITBIT\"", "\"Fitbit\"", "\" fitbit\"", "\"fitbit \"", "\"myspace\"", "\"\""));
        Gen<String> notBoolean = Gen.oneOf(
                Gen.strings().alpha().ofMinLength(2).ofMaxLength(20)
                        .filter(text -> !Set.of("true", "false").contains(text.toLowerCase())).map(BadInputTest::quote),
                Gen.of("[]", "{}", "[true]", "{\"a\": true}"));
        Gen<String> notDate = Gen.oneOf(
                Gen.of("\"01/04/1990\"", "\"2024-13-45\"", "\"2024-02-30\"", "\"yesterday\"", "{}", "true",
                        "\"+999999999-12-31\"", "\"-0001-01-01\"",
                        "\"10000-01-01\""),
                Gen.strings().alpha().ofMinLength(1).ofMaxLength(30).map(BadInputTest::quote));
        return switch (kind) {
            case TEXT -> Gen.oneOf(notText, hugeText, blank, withNul, Gen.just("null")).map(RawValue::new);
            case OPTIONAL_TEXT -> Gen.oneOf(notText, hugeText, withNul).map(RawValue::new);
            case PROVIDER -> Gen.oneOf(unknownProvider, notText, hugeText, withNul, Gen.just("null"))
                    .map(RawValue::new);
            case UUID_LIST -> Gen.oneOf(badUuidList, Gen.just("null")).map(RawValue::new);
            case NON_EMPTY_UUID_LIST -> Gen.oneOf(badUuidList, Gen.of("null", "[]")).map(RawValue::new);
            case OPTIONAL_UUID_LIST -> badUuidList.map(RawValue::new);
            case OPTIONAL_BOOLEAN -> notBoolean.map(RawValue::new);
            case OPTIONAL_DATE -> notDate.map(RawValue::new);
            case OPTIONAL_TIME_ZONE -> Gen.oneOf(notText, hugeText,
                    Gen.of("\"Europe/Berlin\\u0000\"", "\"Mars/Olympus\"", "\"UTC+25\"", "\"../../etc/passwd\"", "\"Europe/\"", "\" \""))
                    .map(RawValue::new);
            case EXPORT_TOKEN -> Gen.oneOf(notText.filter(text -> !text.equals("null")),
                    Gen.strings().ascii().ofMinLength(1).ofMaxLength(600)
                            .map(text -> JSON.valueToTree(text).toString()),
                    Gen.of("e1|fitbit|x", "e1|oura|" + UUID.randomUUID(), "v1|1|" + UUID.randomUUID(),
                            "e1|fitbit|" + UUID.randomUUID() + "|x").map(plain -> quote(base64Url(plain))))
                    .map(RawValue::new);
            case OPTIONAL_OBJECT -> Gen.of("\"text\"", "42", "[]", "[{}]", "true").map(RawValue::new);
            case RECIPES -> Gen.of("null", "[]", "{}", "\"text\"", "42", "[null]", "[[]]", "[42]")
                    .map(RawValue::new);
        };
    }

    /** A bulk import body whose recipes are wrong in one generated place. */
    private static Gen<String> badRecipes(Map<String, Object> valid) {
        Map<String, Gen<String>> wrong = new LinkedHashMap<>();
        Gen<String> notText = Gen.of("42", "true", "[]", "{}", "1.5", "null", "\"\"", "\"  \"",
                "\"t\\u0000k\"");
        wrong.put("user_id", Gen.oneOf(badIds().filter(id -> id.length() != 24).map(BadInputTest::quote), Gen.of("null", "42", "{}")));
        wrong.put("access_token", Gen.oneOf(notText, Gen.just(quote("a".repeat(8_193)))));
        wrong.put("refresh_token", Gen.oneOf(notText, Gen.just(quote("r".repeat(1_048_576)))));
        wrong.put("provider_id", Gen.oneOf(notText, Gen.just(quote("p".repeat(256)))));
        wrong.put("expires_at", Gen.oneOf(
                Gen.longsAtMost(-1).map(String::valueOf),
                Gen.longsAtLeast(253_402_300_800L).map(String::valueOf),
                Gen.of("null", "1e30", "-1e30", "1e400", "9223372036854775808", "-9223372036854775809",
                        "\"NaN\"", "\"soon\"", "\"\"", "true", "[]", "{}", "\"1e30\"", "\"-1\"", "99999999999999999999999")));
        wrong.put("oauth_scopes", Gen.of("\"activity\"", "{}", "42", "[null]", "[42]", "[[]]",
                "[" + quote("s".repeat(256)) + "]", "[" + "\"s\",".repeat(100) + "\"s\"]"));
        List<String> recipeFields = new ArrayList<>(wrong.keySet());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> connections = (List<Map<String, Object>>) valid.get("connections");
        return Gen.oneOf(
                Gen.of(recipeFields).flatMap(field -> wrong.get(field).flatMap(value ->
                        Gen.integers(0, connections.size() - 1).map(index -> {
                            List<Map<String, Object>> copy = new ArrayList<>();
                            for (Map<String, Object> recipe : connections) {
                                copy.add(new LinkedHashMap<>(recipe));
                            }
                            copy.get(index).put(field, new RawValue(value));
                            return write(with(valid, "connections", copy));
                        }))),
                Gen.of(recipeFields).filter(field -> !field.equals("oauth_scopes")).map(field -> {
                    List<Map<String, Object>> copy = new ArrayList<>();
                    for (Map<String, Object> recipe : connections) {
                        copy.add(new LinkedHashMap<>(recipe));
                    }
                    copy.get(0).remove(field);
                    return write(with(valid, "connections", copy));
                }),
                Gen.just(connections).map(list -> {
                    // The same user twice in one request.
                    List<Map<String, Object>> copy = new ArrayList<>(list);
                    copy.add(new LinkedHashMap<>(list.get(0)));
                    return write(with(valid, "connections", copy));
                }));
    }

    /** A valid body made unparseable in one of the ways clients get JSON wrong. */
    private static Gen<String> malformed(String json) {
        return Gen.oneOf(
                Gen.integers(0, json.length() - 2).map(cut -> json.substring(0, cut)),
                Gen.of("x", "}", "]", ",{}", "{}", "\"tail\"", "null", "// comment")
                        .map(tail -> json + tail),
                Gen.just(json.replace('"', '\'')),
                Gen.just(json.substring(0, json.length() - 1) + ",}"),
                Gen.just(json.replaceFirst("\":", "\"=")),
                Gen.just(json.replaceFirst("\"", "\"\u0001")),
                Gen.just("/* note */" + json),
                Gen.just(json.replaceFirst(":", ": NaN, \"x\":")),
                Gen.just(json.replaceFirst("\\{\"", "{")));
    }

    private static Gen<Map<String, Object>> unknownFields() {
        return Gen.maps(Gen.strings().alpha().ofMinLength(1).ofMaxLength(20).map(name -> "x_" + name),
                Gen.oneOf(Gen.integers().map(i -> (Object) i),
                        Gen.strings().ofMaxLength(30).map(s -> (Object) s),
                        Gen.just((Object) List.of(Map.of("deep", List.of())))), 1, 5)
                .map(extra -> {
                    Map<String, Object> fields = new LinkedHashMap<>(extra);
                    fields.put("team_id", UUID.randomUUID().toString());
                    fields.put("id", UUID.randomUUID().toString());
                    fields.put("status", "success");
                    return fields;
                });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Paths, queries, cursors and keys

    /** Path segments that are not UUIDs, percent-encoded as a client would send them (some raw). */
    private static Gen<String> badIds() {
        return Gen.oneOf(
                Gen.strings().all().ofMinLength(1).ofMaxLength(60).map(BadInputTest::encode),
                Gen.strings().withCharRange('0', '9').withCharRange('a', 'f').withChars("-")
                        .ofMinLength(30).ofMaxLength(40),
                Gen.of("not-a-uuid", "..%2F..%2Fadmin", "%00", "%ff%fe", "%E2%82%AC",
                        UUID.randomUUID() + "%00", UUID.randomUUID() + "%0A", "%7B" + UUID.randomUUID() + "%7D",
                        UUID.randomUUID().toString().replace("-", ""), UUID.randomUUID() + "-1",
                        "g" + UUID.randomUUID().toString().substring(1), "x".repeat(3_000), "%20",
                        UUID.randomUUID().toString().replace('-', '_')))
                // Dot segments are resolved away by the HTTP layer (".." of /v2/user/providers is /v2/user).
                .filter(id -> !UUID_FORMAT.matcher(id).matches() && !id.isEmpty()
                        && !Set.of(".", "..", "%2E%2E").contains(id));
    }

    private static Gen<String> encodedText() {
        return Gen.oneOf(
                Gen.strings().all().ofMinLength(1).ofMaxLength(80).map(BadInputTest::encode),
                Gen.of("%00", "a%00b", "%ff", "x".repeat(3_000), "%F0%9F%92%A9", "FITBIT", "fitbit%20"))
                .filter(text -> !Set.of(".", "..").contains(text));
    }

    private static Gen<String> badIntegers() {
        return Gen.oneOf(
                Gen.strings().all().ofMinLength(1).ofMaxLength(20)
                        .filter(text -> !text.strip().matches("-?\\d+")).map(BadInputTest::encode),
                Gen.longsAtMost(-1).map(String::valueOf),
                Gen.of("1e3", "1.5", "%2B", "0x10", "%205", "5%20", "9999999999999999999999", "NaN",
                        "-0.0", "%00"));
    }

    private static Gen<String> badCursors() {
        return Gen.oneOf(
                Gen.strings().all().ofMinLength(1).ofMaxLength(200).map(BadInputTest::encode),
                Gen.strings().ascii().ofMinLength(1).ofMaxLength(200).map(BadInputTest::base64Url),
                Gen.of("v1|x|" + UUID.randomUUID(), "v1|1|not-a-uuid", "v2|1|" + UUID.randomUUID(),
                        "v1|1|" + UUID.randomUUID() + "|extra", "v1||", "v1|99999999999999999999|" + UUID.randomUUID(),
                        "e1|fitbit|" + UUID.randomUUID()).map(BadInputTest::base64Url),
                Gen.of("====", "%00", "a".repeat(3_000)));
    }

    /** API keys that are not a live key of any team: null sends no header at all. */
    private static Gen<String> badKeys(TestTeam team) {
        String valid = team.apiKey();
        return Gen.oneOf(
                Gen.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(200),
                Gen.strings().alpha().numeric().ofLength(43).map(secret -> team.keyPrefix() + "_" + secret)
                        .filter(key -> !key.equals(valid)),
                Gen.strings().withCharRange('a', 'z').ofLength(12).map(prefix -> "lkops_" + prefix + "_"
                        + valid.substring(valid.length() - 43)),
                Gen.of(valid.substring(0, valid.length() - 1), valid + "x", valid.toUpperCase(),
                        valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A"), "Bearer " + valid,
                        valid.replace('_', '-'), "x".repeat(4_000), " ", "lkops_", team.keyPrefix()),
                Gen.just((String) null));
    }

    private static List<Request> everyTeamCall(Fixture fixture) {
        String user = fixture.users().get(0).toString();
        List<Request> calls = new ArrayList<>();
        for (BodyEndpoint endpoint : teamBodyEndpoints(fixture)) {
            calls.add(request(endpoint.method(), endpoint.path(), Map.of(), write(endpoint.valid())));
        }
        calls.add(request("GET", "/v2/user", Map.of(), null));
        calls.add(request("GET", "/v2/user/" + user, Map.of(), null));
        calls.add(request("GET", "/v2/user/resolve/anyone", Map.of(), null));
        calls.add(request("GET", "/v2/user/providers/" + user, Map.of(), null));
        calls.add(request("DELETE", "/v2/user/" + user + "/fitbit", Map.of(), null));
        calls.add(request("DELETE", "/v2/user/" + user, Map.of(), null));
        calls.add(request("GET", "/v2/link/bulk_op", Map.of(), null));
        calls.add(request("GET", "/v2/link/bulk_op/" + fixture.opId(), Map.of(), null));
        return calls;
    }

    private static List<Request> everyOperatorCall(Fixture fixture) {
        String team = "/admin/v1/teams/" + fixture.team().id();
        List<Request> calls = new ArrayList<>();
        for (BodyEndpoint endpoint : operatorBodyEndpoints(fixture)) {
            calls.add(request(endpoint.method(), endpoint.path(), Map.of(), write(endpoint.valid())));
        }
        calls.add(request("GET", team, Map.of(), null));
        calls.add(request("POST", team + "/api_keys", Map.of(), null));
        calls.add(request("GET", team + "/api_keys", Map.of(), null));
        calls.add(request("DELETE", team + "/api_keys/" + fixture.team().keyPrefix(), Map.of(), null));
        calls.add(request("GET", team + "/custom_credentials", Map.of(), null));
        return calls;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Small helpers

    private static Request request(String method, String path, Map<String, String> headers, String json) {
        Request request = Request.of(method, path);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request = request.header(header.getKey(), header.getValue());
        }
        return json == null ? request : request.json(json);
    }

    private static Map<String, String> header(String name, String value) {
        return Map.of(name, value);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.remove(field);
        return copy;
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String base64Url(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
