package io.linkops.security;

import static io.linkops.testinfra.Teams.as;
import static io.linkops.testinfra.Teams.asOperator;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.PrometheusText;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Retiring a key on the real stack: values sealed with the retired key are re-sealed with the active one while an
 * import rewrites some of the same connections, nothing newer is overwritten, a value that cannot be re-sealed is
 * left, counted and does not stop the run, the status says what each key still seals, and a run a crash left
 * midway goes on from its last committed batch.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class KeyReencryptionTest {

    // The test profile lists this key beside the active "dev" one.
    private static final SecretCipher RETIRED = TestCiphers.of(
            "retired:cmV0aXJlZC10ZXN0LWVuY3J5cHRpb24ta2V5LTMyYiE=", "retired");

    @Inject
    SecretCipher cipher;

    @Test
    void retiredKeyValuesAreResealedBesideAConcurrentImportAndABadValueIsLeftAlone() {
        TestTeam team = Teams.createMigrating("reencrypted", "fitbit");
        List<UUID> users = Teams.createUsers(team, 6);
        as(team).body(Recipes.body("fitbit", users, "before", true)).post("/v2/link/bulk_import")
                .then().statusCode(200);
        String endpointId = as(team).body(Map.of("url", "http://127.0.0.1:9/hook",
                "event_types", List.of("provider.connection.created"))).post("/v2/webhooks/endpoints")
                .then().statusCode(201).extract().path("id");
        // Seal what the service stored with the retired key instead, as a key rotated long ago would have left it.
        for (UUID user : users) {
            sealWithRetiredKey(team, user, "access_token", Recipes.accessToken(user, "before"));
            sealWithRetiredKey(team, user, "refresh_token", Recipes.refreshToken(user, "before"));
        }
        SecretOwner credential = SecretOwner.ofCredential(team.id(), "fitbit");
        String clientSecret = cipher.decrypt(bytes("select client_secret from custom_credentials where team_id = ?",
                team.id()), credential);
        Database.execute("update custom_credentials set client_secret = ? where team_id = ?",
                RETIRED.encrypt(clientSecret, credential), team.id());
        SecretOwner webhook = SecretOwner.ofWebhookEndpoint(team.id(), UUID.fromString(endpointId));
        String signingSecret = cipher.decrypt(bytes("select secret from webhook_endpoints where id = ?::uuid",
                endpointId), webhook);
        Database.execute("update webhook_endpoints set secret = ? where id = ?::uuid",
                RETIRED.encrypt(signingSecret, webhook), endpointId);
        // One value no owner can open: sealed with the retired key for another user.
        UUID spoiled = Teams.createUsers(team, 1).get(0);
        as(team).body(Recipes.body("fitbit", List.of(spoiled), "spoiled", true)).post("/v2/link/bulk_import")
                .then().statusCode(200);
        Database.execute("update connections set access_token = ? where team_id = ? and user_id = ?",
                RETIRED.encrypt("x", SecretOwner.ofConnection(team.id(), users.get(0), "fitbit", "access_token")),
                team.id(), spoiled);
        long retiredBefore = status().getLong("values_by_key_id.retired");
        assertTrue(retiredBefore >= 2 * 6 + 2 + 1, "retired values: " + retiredBefore);
        double failedBefore = PrometheusText.scrape("linkops_encryption_reseal_failed_total{table=\"connections\"}");

        List<UUID> reimported = users.subList(0, 3);
        CompletableFuture<Integer> importing = CompletableFuture.supplyAsync(() -> as(team)
                .body(Recipes.body("fitbit", reimported, "after", true)).post("/v2/link/bulk_import").statusCode());
        asOperator().post("/admin/v1/encryption/reencrypt").then().statusCode(202);
        assertEquals(200, importing.join());
        awaitRunDone();

        JsonPath done = status();
        assertEquals("dev", done.getString("active_key_id"));
        assertEquals(List.of("dev", "retired"), done.getList("key_ids"));
        assertEquals(1L, done.getLong("values_by_key_id.retired"), "only the value no owner can open is left");
        // Other tests leave values that are no ciphertext of ours; they are counted too, so at least this one.
        assertTrue(PrometheusText.scrape("linkops_encryption_reseal_failed_total{table=\"connections\"}")
                - failedBefore >= 1.0, "the spoiled value was counted");
        for (UUID user : users) {
            String marker = reimported.contains(user) ? "after" : "before";
            assertEquals(Recipes.accessToken(user, marker), plain(team, user, "access_token"), "the newer value");
            assertEquals(Recipes.refreshToken(user, marker), plain(team, user, "refresh_token"));
            for (String field : List.of("access_token", "refresh_token")) {
                assertEquals("dev", SecretCipher.keyIdOf(bytes("select " + field + " from connections "
                        + "where team_id = ? and user_id = ?", team.id(), user)));
            }
        }
        byte[] resealedSecret = bytes("select client_secret from custom_credentials where team_id = ?", team.id());
        assertEquals("dev", SecretCipher.keyIdOf(resealedSecret));
        assertEquals(clientSecret, cipher.decrypt(resealedSecret, credential));
        byte[] resealedSigning = bytes("select secret from webhook_endpoints where id = ?::uuid", endpointId);
        assertEquals("dev", SecretCipher.keyIdOf(resealedSigning));
        assertEquals(signingSecret, cipher.decrypt(resealedSigning, webhook));
        // The spoiled row is this test's own; it goes, so the next run starts from a clean slate.
        Database.execute("delete from connections where team_id = ? and user_id = ?", team.id(), spoiled);
    }

    @Test
    void aRunLeftMidwayByACrashGoesOnFromItsLastCommittedBatch() {
        TestTeam team = Teams.createMigrating("resumed", "fitbit");
        List<UUID> users = Teams.createUsers(team, 4);
        as(team).body(Recipes.body("fitbit", users, "resumed", true)).post("/v2/link/bulk_import")
                .then().statusCode(200);
        for (UUID user : users) {
            sealWithRetiredKey(team, user, "access_token", Recipes.accessToken(user, "resumed"));
        }
        List<String> ids = Database.rows("select id::text from connections where team_id = ? order by id", team.id())
                .stream().map(row -> (String) row.get(0)).toList();
        // What a worker killed after committing the batch that ended at the second connection leaves behind.
        Database.execute("insert into key_reencryptions (id, target_key_id, status, table_name, after_key, "
                + "started_at) values (?, 'dev', 'running', 'connections', ?, now())", UUID.randomUUID(), ids.get(1));

        awaitRunDone();
        List<String> keyIds = Database.rows("select sealed_key_id(access_token) from connections where team_id = ? "
                + "order by id", team.id()).stream().map(row -> (String) row.get(0)).toList();
        assertEquals(List.of("retired", "retired", "dev", "dev"), keyIds,
                "the run went on after its cursor, not from the start");

        // A new run takes what is left.
        asOperator().post("/admin/v1/encryption/reencrypt").then().statusCode(202);
        awaitRunDone();
        assertFalse(status().getMap("values_by_key_id").containsKey("retired"), "no value is sealed with it");
        for (UUID user : users) {
            assertEquals(Recipes.accessToken(user, "resumed"), plain(team, user, "access_token"));
        }
    }

    // What a key rotated long ago left behind: the connection's value sealed with the retired key.
    private static void sealWithRetiredKey(TestTeam team, UUID user, String field, String value) {
        Database.execute("update connections set " + field + " = ? where team_id = ? and user_id = ?",
                RETIRED.encrypt(value, SecretOwner.ofConnection(team.id(), user, "fitbit", field)), team.id(), user);
    }

    private static void awaitRunDone() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> "done".equals(status().getString("reencryption.status")));
    }

    private String plain(TestTeam team, UUID user, String field) {
        return cipher.decrypt(bytes("select " + field + " from connections where team_id = ? and user_id = ?",
                team.id(), user), SecretOwner.ofConnection(team.id(), user, "fitbit", field));
    }

    private static byte[] bytes(String sql, Object... parameters) {
        return (byte[]) Database.rows(sql, parameters).get(0).get(0);
    }

    private static JsonPath status() {
        return asOperator().get("/admin/v1/encryption").then().statusCode(200).extract().jsonPath();
    }
}
