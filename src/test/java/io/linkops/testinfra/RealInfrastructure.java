package io.linkops.testinfra;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Launches what the test suite runs against, once per JVM: a real PostgreSQL, a real Kafka broker and a fake OAuth
 * provider over real HTTP; and points the application at them.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer postgres;
    private static KafkaTestCluster kafka;
    private static WireMockServer oauthProvider;

    @Override
    public Map<String, String> start() {
        ensureStarted();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + postgres.port() + "/" + PostgresServer.DATABASE);
        settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        settings.put("quarkus.datasource.username", PostgresServer.USERNAME);
        settings.put("quarkus.datasource.password", PostgresServer.PASSWORD);
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        tokenUrl(settings, "fitbit", "/fitbit/oauth2/token");
        tokenUrl(settings, "oura", "/oura/oauth/token");
        tokenUrl(settings, "withings", "/withings/v2/oauth2");
        tokenUrl(settings, "whoop_v2", "/whoop/oauth/oauth2/token");
        tokenUrl(settings, "ihealth", "/ihealth/OAuthv2/userauthorization/");
        tokenUrl(settings, "my_fitness_pal_v2", "/mfp/v2/oauth2/token");
        tokenUrl(settings, "ultrahuman", "/ultrahuman/oauth/token");
        tokenUrl(settings, "omron", "/omron/connect/token");
        return settings;
    }

    /** Points a provider's token endpoint at the fake OAuth provider. */
    private static void tokenUrl(Map<String, String> settings, String provider, String path) {
        settings.put("linkops.providers." + provider + ".token-url", oauthProvider.baseUrl() + path);
    }

    @Override
    public void stop() {
        // Shared by every test class in this JVM; the shutdown hook below stops it once at the end.
    }

    public static synchronized PostgresServer postgres() {
        ensureStarted();
        return postgres;
    }

    /** The fake OAuth provider (WireMock over real HTTP) standing in for every provider's token endpoint. */
    public static synchronized WireMockServer oauthProvider() {
        ensureStarted();
        return oauthProvider;
    }

    public static synchronized KafkaTestCluster kafka() {
        ensureStarted();
        return kafka;
    }

    private static synchronized void ensureStarted() {
        if (postgres != null) {
            return;
        }
        ToolLogging.levels();
        try {
            Path dataDirectory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-postgres-");
            postgres = new PostgresServer(FreePorts.next(), dataDirectory);
            postgres.start();
            kafka = KafkaTestCluster.start();
            oauthProvider = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
            oauthProvider.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not launch the test PostgreSQL and Kafka", e);
        }
        Path dataDirectory = postgres.dataDirectory();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                oauthProvider.stop();
                kafka.close();
                postgres.close();
                Directories.deleteTree(dataDirectory);
            } catch (Exception ignored) {
                // the JVM is exiting; nothing left to report to
            }
        }));
    }
}
