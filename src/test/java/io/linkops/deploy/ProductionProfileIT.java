package io.linkops.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.PostgresServer;
import io.linkops.testinfra.RealInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar in the prod profile without its secrets refuses to start at once, naming the missing one. */
class ProductionProfileIT {

    private static final Map<String, String> ENCRYPTION = Map.of(
            "LINKOPS_ENCRYPTION_KEYS", "k1:" + Base64.getEncoder().encodeToString(new byte[32]),
            "LINKOPS_ENCRYPTION_ACTIVE_KEY_ID", "k1");

    @Test
    void refusesToStartWithoutSecrets() throws Exception {
        String output = runWithout(Map.of(), "prod-without-secrets.log");
        assertTrue(output.contains("LINKOPS_ENCRYPTION_KEYS"), output);
        assertFalse(output.contains("Flyway"), "the check must come before touching the database");
    }

    // The operator key is read where the operator role runs, and only there; its check runs once the service is up.
    @Test
    void theOperatorRoleRefusesToStartWithoutItsKey() throws Exception {
        PostgresServer postgres = RealInfrastructure.postgres();
        Map<String, String> environment = new HashMap<>(ENCRYPTION);
        environment.putAll(Map.of("LINKOPS_ROLE", "operator", "LINKOPS_DB_HOST", "127.0.0.1",
                "LINKOPS_DB_PORT", String.valueOf(postgres.port()), "LINKOPS_DB_NAME", PostgresServer.DATABASE,
                "LINKOPS_DB_USERNAME", PostgresServer.USERNAME, "LINKOPS_DB_PASSWORD", PostgresServer.PASSWORD));
        String output = runWithout(environment, "prod-operator-without-key.log");
        assertTrue(output.contains("LINKOPS_ADMIN_KEY"), output);
    }

    // The database password has a development default too; in prod it is required like the other secrets.
    @Test
    void refusesToStartWithoutTheDatabasePassword() throws Exception {
        Map<String, String> environment = new HashMap<>(ENCRYPTION);
        environment.putAll(Map.of("LINKOPS_ADMIN_KEY", "an-operator-key-of-at-least-32-characters",
                "LINKOPS_DB_HOST", "127.0.0.1", "LINKOPS_DB_PORT", "9"));
        String output = runWithout(environment, "prod-without-db-password.log");
        assertTrue(output.contains("LINKOPS_DB_PASSWORD"), output);
    }

    private static String runWithout(Map<String, String> environment, String logName) throws Exception {
        Path log = Path.of("target/it-logs", logName);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", "target/quarkus-app/quarkus-run.jar"));
        builder.environment().keySet().removeIf(name -> name.startsWith("LINKOPS_") || name.startsWith("QUARKUS_"));
        // Port 0 and unreachable dependencies: the check must fire before anything else matters.
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", "0");
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            // A missing secret is a configuration error at the very start.
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the service kept running without its secrets");
            assertNotEquals(0, process.exitValue());
            return Files.readString(log);
        } finally {
            process.destroyForcibly();
        }
    }
}
