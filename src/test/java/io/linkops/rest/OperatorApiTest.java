package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static io.linkops.testinfra.Teams.asOperator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class OperatorApiTest {

    @Test
    void createsTeamWithKeyShownOnceAndStoredAsHash() throws Exception {
        var response = asOperator().body(Map.of("name", "Acme Health")).post("/admin/v1/teams");
        response.then().statusCode(201)
                .body("team_id", matchesPattern("[0-9a-f-]{36}"))
                .body("name", equalTo("Acme Health"))
                .body("link_migration_enabled", is(false))
                .body("api_key", matchesPattern("lkops_[a-z0-9]{12}_[A-Za-z0-9]{43}"));
        String apiKey = response.path("api_key");
        String prefix = response.path("key_prefix");
        assertTrue(apiKey.startsWith(prefix + "_"));

        try (Connection db = RealInfrastructure.postgres().connect();
                PreparedStatement query = db.prepareStatement("select * from api_keys where key_prefix = ?")) {
            query.setString(1, prefix);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                byte[] stored = row.getBytes("key_hash");
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)),
                        stored);
                for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                    Object value = row.getObject(column);
                    assertFalse(value != null && value.toString().contains(apiKey.substring(prefix.length() + 1)),
                            "the key's secret must not be stored");
                }
            }
        }
        asOperator().get("/admin/v1/teams/" + response.path("team_id") + "/api_keys").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].key_prefix", equalTo(prefix))
                .body("[0]", not(org.hamcrest.Matchers.hasKey("api_key")));
    }

    @Test
    void teamKeyAuthenticatesOnlyItsTeam() {
        TestTeam team = Teams.create("keys");
        as(team).get("/v2/user").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void extraKeyWorksAndRevokedKeyIsRefusedAtOnce() {
        TestTeam team = Teams.create("rotation");
        var issued = asOperator().post("/admin/v1/teams/" + team.id() + "/api_keys");
        issued.then().statusCode(201).body("api_key", matchesPattern("lkops_.*"));
        String second = issued.path("api_key");

        as(second).get("/v2/user").then().statusCode(200);
        asOperator().delete("/admin/v1/teams/" + team.id() + "/api_keys/" + team.keyPrefix()).then().statusCode(204);

        as(team).get("/v2/user").then().statusCode(401).body("detail", equalTo("Invalid API key."));
        as(second).get("/v2/user").then().statusCode(200);
        asOperator().get("/admin/v1/teams/" + team.id() + "/api_keys").then().statusCode(200)
                .body("find { it.key_prefix == '" + team.keyPrefix() + "' }.revoked_at", notNullValue())
                .body("find { it.key_prefix != '" + team.keyPrefix() + "' }.revoked_at", nullValue());
    }

    @Test
    void revokingAnotherTeamsKeyIsNotFound() {
        TestTeam owner = Teams.create("owner");
        TestTeam other = Teams.create("other");
        asOperator().delete("/admin/v1/teams/" + other.id() + "/api_keys/" + owner.keyPrefix())
                .then().statusCode(404).body("detail", equalTo("API key not found."));
        as(owner).get("/v2/user").then().statusCode(200);
    }

    @Test
    void linkMigrationIsOffByDefaultAndCanBeEnabled() {
        TestTeam team = Teams.create("migration");
        asOperator().get("/admin/v1/teams/" + team.id()).then().statusCode(200)
                .body("link_migration_enabled", is(false));
        asOperator().body(Map.of("link_migration_enabled", true)).patch("/admin/v1/teams/" + team.id())
                .then().statusCode(200).body("link_migration_enabled", is(true)).body("team_id",
                        equalTo(team.id().toString()));
        asOperator().get("/admin/v1/teams/" + team.id()).then().body("link_migration_enabled", is(true));
    }

    @Test
    void setsCredentialWithEncryptedSecretThatIsNeverReturned() throws Exception {
        TestTeam team = Teams.create("byoo");
        String secret = "fitbit-client-secret-" + java.util.UUID.randomUUID();
        var put = asOperator().body(Map.of("client_id", "23ABCD", "client_secret", secret))
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/fitbit");
        put.then().statusCode(200)
                .body("provider", equalTo("fitbit"))
                .body("client_id", equalTo("23ABCD"))
                .body("credential_id", matchesPattern("[0-9a-f-]{36}"))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertFalse(put.asString().contains(secret));

        String rotated = "rotated-" + secret;
        asOperator().body(Map.of("client_id", "23ABCD", "client_secret", rotated))
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/fitbit")
                .then().statusCode(200).body("credential_id", equalTo(put.path("credential_id")));
        asOperator().body(Map.of("client_id", "oura-app", "client_secret", secret))
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/oura").then().statusCode(200);

        var list = asOperator().get("/admin/v1/teams/" + team.id() + "/custom_credentials");
        list.then().statusCode(200).body("provider", org.hamcrest.Matchers.contains("fitbit", "oura"))
                .body("client_secret", everyItem(nullValue()));
        assertFalse(list.asString().contains(secret));

        try (Connection db = RealInfrastructure.postgres().connect();
                PreparedStatement query = db.prepareStatement(
                        "select client_secret from custom_credentials where team_id = ?")) {
            query.setObject(1, team.id());
            try (ResultSet rows = query.executeQuery()) {
                int count = 0;
                while (rows.next()) {
                    count++;
                    String stored = new String(rows.getBytes(1), StandardCharsets.ISO_8859_1);
                    assertFalse(stored.contains("client-secret"), "client secret stored in plaintext");
                }
                assertEquals(2, count);
            }
        }
    }

    @Test
    void credentialForUnknownProviderOrTeamIsRefused() {
        TestTeam team = Teams.create("bad-credential");
        asOperator().body(Map.of("client_id", "x", "client_secret", "y"))
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/myspace")
                .then().statusCode(422).body("detail[0].loc", org.hamcrest.Matchers.contains("path", "provider"));
        asOperator().body(Map.of("client_id", "x", "client_secret", "y"))
                .put("/admin/v1/teams/" + java.util.UUID.randomUUID() + "/custom_credentials/oura")
                .then().statusCode(404).body("detail", equalTo("Team not found."));
        asOperator().body(Map.of("client_id", "x"))
                .put("/admin/v1/teams/" + team.id() + "/custom_credentials/oura")
                .then().statusCode(422)
                .body("detail[0].loc", org.hamcrest.Matchers.contains("body", "client_secret"))
                .body("detail[0].type", equalTo("missing"));
    }

    @Test
    void operatorApiRefusesMissingWrongAndTeamKeys() {
        TestTeam team = Teams.create("guarded");
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/admin/v1/teams")
                .then().statusCode(401).body("detail", containsString("x-admin-key"));
        given().header("x-admin-key", "wrong").get("/admin/v1/teams/" + team.id()).then().statusCode(401);
        given().header("x-vital-api-key", team.apiKey()).get("/admin/v1/teams/" + team.id()).then().statusCode(401);
        given().header("x-admin-key", team.apiKey()).get("/admin/v1/teams/" + team.id()).then().statusCode(401);
    }

    @Test
    void teamNameIsRequired() {
        asOperator().body(Map.of("name", "  ")).post("/admin/v1/teams").then().statusCode(422)
                .body("detail[0].loc", org.hamcrest.Matchers.contains("body", "name"))
                .body("detail[0].msg", not(emptyOrNullString()));
        asOperator().body("{}").post("/admin/v1/teams").then().statusCode(422)
                .body("detail.type", hasItem("missing"));
    }
}
