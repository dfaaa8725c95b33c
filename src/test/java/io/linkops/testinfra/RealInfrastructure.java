package io.linkops.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Launches the real PostgreSQL and Kafka broker the test suite runs against, once per JVM, and points the
 * application at them.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer postgres;
    private static KafkaTestCluster kafka;

    @Override
    public Map<String, String> start() {
        ensureStarted();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + postgres.port() + "/"
                        + PostgresServer.DATABASE,
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", PostgresServer.USERNAME,
                "quarkus.datasource.password", PostgresServer.PASSWORD,
                "kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // Shared by every test class in this JVM; the shutdown hook below stops it once at the end.
    }

    public static synchronized PostgresServer postgres() {
        ensureStarted();
        return postgres;
    }

    public static synchronized KafkaTestCluster kafka() {
        ensureStarted();
        return kafka;
    }

    private static synchronized void ensureStarted() {
        if (postgres != null) {
            return;
        }
        try {
            Path dataDirectory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-postgres-");
            postgres = new PostgresServer(FreePorts.next(), dataDirectory);
            postgres.start();
            kafka = KafkaTestCluster.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not launch the test PostgreSQL and Kafka", e);
        }
        Path dataDirectory = postgres.dataDirectory();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kafka.close();
                postgres.close();
                try (Stream<Path> files = Files.walk(dataDirectory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            } catch (Exception ignored) {
                // the JVM is exiting; nothing left to report to
            }
        }));
    }
}
