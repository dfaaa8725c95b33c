package io.linkops.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.FreePorts;
import io.linkops.testinfra.KafkaBrokerProcess;
import io.linkops.testinfra.PostgresServer;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.ServiceProcess;
import io.linkops.testinfra.Teams.TestTeam;
import io.linkops.testinfra.TestCertificates;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service over TLS: a broker with an SSL listener and a PostgreSQL with ssl=on, both serving a
 * certificate this test made for 127.0.0.1, verified against the test's CA by every client the service opens (the
 * channels, the transactional producers, the admin client, Flyway's JDBC and the reactive pool). A database or a
 * broker that offers no TLS where it is required stops the start; a TLS broker that is down is waited for, unready.
 */
class TlsConnectionsIT {

    private static TestCertificates certificates;
    private static PostgresServer postgres;
    private static KafkaBrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "tls-");
        certificates = TestCertificates.generate(home.resolve("tls"));
        postgres = new PostgresServer(FreePorts.next(), home.resolve("postgres"), Map.of("ssl", "on",
                "ssl_cert_file", certificates.serverCertPem().toString(),
                "ssl_key_file", certificates.serverKeyPem().toString()));
        postgres.start();
        broker = KafkaBrokerProcess.startWithSsl(home);
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void importsOverTlsToTheBrokerAndTheDatabase() throws Exception {
        // Only the SSL listener is named: a client that did not speak TLS to it would get nowhere.
        try (ServiceProcess service = ServiceProcess.start("tls", "api,worker,operator",
                broker.sslBootstrapServers(), "/q/health/ready", tlsEverywhere())) {
            TestTeam team = service.createMigratingTeam("over tls", "fitbit");
            List<UUID> users = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                users.add(UUID.fromString(asTeam(service, team).body(Map.of("client_user_id", "tls-" + i))
                        .post("/v2/user").then().statusCode(200).extract().path("user_id")));
            }
            asTeam(service, team).body(Recipes.body("fitbit", users, "tls", true)).post("/v2/link/bulk_import")
                    .then().statusCode(200).body("status", equalTo("success"));

            try (Connection db = postgres.connect(); Statement statement = db.createStatement()) {
                try (ResultSet connected = statement.executeQuery("select count(*) from connections "
                        + "where team_id = '" + team.id() + "' and status = 'connected'")) {
                    connected.next();
                    assertEquals(3, connected.getInt(1));
                }
                try (ResultSet sessions = statement.executeQuery("select count(*) filter (where s.ssl), "
                        + "count(*) filter (where not s.ssl) from pg_stat_ssl s join pg_stat_activity a "
                        + "on a.pid = s.pid where a.usename = 'linkops' and a.pid <> pg_backend_pid()")) {
                    sessions.next();
                    assertTrue(sessions.getInt(1) > 0, "the service holds sessions");
                    assertEquals(0, sessions.getInt(2), "every session of the service is encrypted");
                }
            }
        }
    }

    @Test
    void refusesToStartWhenTheDatabaseOffersNoTls() throws Exception {
        // The suite's PostgreSQL runs without TLS.
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(
                "tls-refused", "api,worker,operator", broker.bootstrapServers(), "/q/health/ready", Map.of(
                        "LINKOPS_DB_SSL_MODE", "verify-full",
                        "LINKOPS_DB_SSL_ROOT_CERT", certificates.caPem().toString())));
        assertTrue(refused.getMessage().contains("exited"), refused.getMessage());
        String log = Files.readString(Path.of("target/it-logs/tls-refused.log"));
        assertTrue(log.contains("SSL"), "the reason names TLS: " + log.lines().filter(line -> line.contains("ERROR"))
                .findFirst().orElse(log));
    }

    @Test
    void refusesToStartWhenTheBrokerOffersNoTls() throws Exception {
        // The broker's plaintext listener, while the service is told to speak TLS to it.
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(
                "tls-plaintext-broker", "api,worker,operator", broker.bootstrapServers(), "/q/health/live",
                tlsEverywhere()));
        assertTrue(refused.getMessage().contains("exited"), refused.getMessage());
        String log = Files.readString(Path.of("target/it-logs/tls-plaintext-broker.log"));
        assertTrue(log.contains("KAFKA_SECURITY_PROTOCOL is SSL") && log.contains(broker.bootstrapServers()),
                "the reason names TLS and the server: " + log.lines().filter(line -> line.contains("ERROR"))
                        .findFirst().orElse(log));
    }

    @Test
    void aTlsBrokerThatIsDownIsWaitedForUnready() throws Exception {
        // Nothing listens there: an outage, not a mismatch, so the service starts and waits as it does without TLS.
        try (ServiceProcess service = ServiceProcess.start("tls-broker-down", "api,worker,operator",
                "127.0.0.1:" + FreePorts.next(), "/q/health/live", tlsEverywhere())) {
            given().baseUri(service.managementUri()).get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name.contains('Kafka') }.status", equalTo("DOWN"));
        }
    }

    // verify-full to the TLS PostgreSQL, SSL to whichever listener the test names, both against the test's CA.
    private static Map<String, String> tlsEverywhere() {
        Map<String, String> tls = new HashMap<>(Map.of("LINKOPS_DB_PORT", String.valueOf(postgres.port()),
                "LINKOPS_DB_SSL_MODE", "verify-full", "LINKOPS_DB_SSL_ROOT_CERT", certificates.caPem().toString()));
        tls.putAll(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", certificates.caPem().toString()));
        return tls;
    }

    private static RequestSpecification asTeam(ServiceProcess service, TestTeam team) {
        return given().baseUri(service.baseUri()).header("x-vital-api-key", team.apiKey())
                .contentType(ContentType.JSON);
    }
}
