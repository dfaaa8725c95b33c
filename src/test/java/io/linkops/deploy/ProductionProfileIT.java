package io.linkops.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar in the prod profile with no secrets set refuses to start at once, naming the missing one. */
class ProductionProfileIT {

    @Test
    void refusesToStartWithoutSecrets() throws Exception {
        Path log = Path.of("target/it-logs/prod-without-secrets.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", "target/quarkus-app/quarkus-run.jar"));
        builder.environment().keySet().removeIf(name -> name.startsWith("LINKOPS_") || name.startsWith("QUARKUS_"));
        // Port 0 and unreachable dependencies: the check must fire before anything else matters.
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            // Before migrations or Kafka: a missing secret is a configuration error at the very start.
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the service kept running without its secrets");
            assertNotEquals(0, process.exitValue());
            String output = Files.readString(log);
            assertTrue(output.contains("LINKOPS_ADMIN_KEY"), output);
            assertFalse(output.contains("Flyway"), "the check must come before touching the database");
        } finally {
            process.destroyForcibly();
        }
    }
}
