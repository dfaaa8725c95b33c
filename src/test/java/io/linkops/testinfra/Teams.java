package io.linkops.testinfra;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers that act as the operator and as a team over real HTTP. */
public final class Teams {

    public static final String DEV_ADMIN_KEY = "linkops-dev-admin-key-do-not-use-in-production";

    private Teams() {
    }

    /** A team created through the operator API, with the one-time value of its first key. */
    public record TestTeam(UUID id, String apiKey, String keyPrefix) {
    }

    public static RequestSpecification asOperator() {
        return given().header("x-admin-key", DEV_ADMIN_KEY).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(TestTeam team) {
        return as(team.apiKey());
    }

    public static RequestSpecification as(String apiKey) {
        return given().header("x-vital-api-key", apiKey).contentType(ContentType.JSON);
    }

    public static TestTeam create(String name) {
        Response response = asOperator().body(Map.of("name", name)).post("/admin/v1/teams");
        response.then().statusCode(201);
        return new TestTeam(UUID.fromString(response.path("team_id")), response.path("api_key"),
                response.path("key_prefix"));
    }

    /** A team with Link Migration enabled and a custom credential for the provider. */
    public static TestTeam createMigrating(String name, String provider) {
        return createMigrating(name, provider, "secret-" + UUID.randomUUID());
    }

    /** As above, with a known client secret (client id {@code client-<provider>}), for checks at the provider. */
    public static TestTeam createMigrating(String name, String provider, String clientSecret) {
        TestTeam team = create(name);
        asOperator().body(Map.of("link_migration_enabled", true)).patch("/admin/v1/teams/" + team.id())
                .then().statusCode(200);
        asOperator().body(Map.of("client_id", "client-" + provider, "client_secret", clientSecret))
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/" + provider).then().statusCode(200);
        return team;
    }

    public static List<UUID> createUsers(TestTeam team, int count) {
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(createUser(team, unique("user-" + i)));
        }
        return ids;
    }

    /**
     * Users written straight to the database, in the order returned: set-up for large ops, which would take minutes
     * to create through the API.
     */
    public static List<UUID> insertUsers(UUID teamId, int count) {
        return Database.rows("insert into users (id, team_id, client_user_id, created_at) select gen_random_uuid(), ?, "
                        + "'bulk-' || gen_random_uuid(), now() from generate_series(1, ?) g returning id", teamId, count)
                .stream().map(row -> (UUID) row.get(0)).toList();
    }

    public static UUID createUser(TestTeam team, String clientUserId) {
        Response response = as(team).body(Map.of("client_user_id", clientUserId)).post("/v2/user");
        response.then().statusCode(200);
        return UUID.fromString(response.path("user_id"));
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
