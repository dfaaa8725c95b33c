package io.linkops.testinfra;

import io.linkops.security.SecretCipher;
import io.linkops.security.TestCiphers;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The packaged service ({@code target/quarkus-app}) run as its own process against the test infrastructure. */
public final class ServiceProcess implements AutoCloseable {

    public static final String ADMIN_KEY = "it-admin-key-0123456789-0123456789-abcdef";
    private static final String ENCRYPTION_KEYS = "it1:aXQtZW5jcnlwdGlvbi1rZXktMzItYnl0ZXMtbG9uZyE=";
    private static final String ACTIVE_KEY_ID = "it1";

    /** The cipher of every process this class starts, to decrypt what they stored. */
    public static SecretCipher cipher() {
        return TestCiphers.of(ENCRYPTION_KEYS, ACTIVE_KEY_ID);
    }

    /** A loopback port with nothing listening: a broker that is down. */
    public static String unreachableBroker() {
        return "127.0.0.1:" + FreePorts.next();
    }

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private ServiceProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the jar with the given role against the test broker and waits until it reports ready. */
    public static ServiceProcess start(String name, String role) throws IOException {
        return start(name, role, RealInfrastructure.kafka().bootstrapServers(), "/q/health/ready");
    }

    /**
     * Starts the jar against the given Kafka address and waits until the given health path answers 200 on its
     * management port.
     */
    public static ServiceProcess start(String name, String role, String kafkaBootstrap, String healthPath)
            throws IOException {
        return start(name, role, kafkaBootstrap, healthPath, Map.of());
    }

    /** As above, with extra environment variables for this process. */
    public static ServiceProcess start(String name, String role, String kafkaBootstrap, String healthPath,
            Map<String, String> extraEnvironment) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the service first (mvn verify does): " + jar.toAbsolutePath());
        }
        PostgresServer postgres = RealInfrastructure.postgres();
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        Path log = Path.of("target/it-logs/" + name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", jar.toString()));
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("LINKOPS_ROLE", role);
        if (role.contains("operator")) {
            // Only the operator role reads it; the other roles start without it, as their pods do.
            env.put("LINKOPS_ADMIN_KEY", ADMIN_KEY);
        }
        env.put("LINKOPS_ENCRYPTION_KEYS", ENCRYPTION_KEYS);
        env.put("LINKOPS_ENCRYPTION_ACTIVE_KEY_ID", ACTIVE_KEY_ID);
        env.put("LINKOPS_DB_HOST", "127.0.0.1");
        env.put("LINKOPS_DB_PORT", String.valueOf(postgres.port()));
        env.put("LINKOPS_DB_NAME", PostgresServer.DATABASE);
        env.put("LINKOPS_DB_USERNAME", PostgresServer.USERNAME);
        env.put("LINKOPS_DB_PASSWORD", PostgresServer.PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.putAll(extraEnvironment);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        ServiceProcess service = new ServiceProcess(builder.start(), port, managementPort, log);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!service.process.isAlive()) {
                    throw new IllegalStateException(name + " exited; see " + log.toAbsolutePath());
                }
                try {
                    return RestAssured.given().baseUri(service.managementUri()).get(healthPath).statusCode() == 200;
                } catch (Exception notListeningYet) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** A team created through this process's operator API, with Link Migration on and a credential for the provider. */
    public Teams.TestTeam createMigratingTeam(String name, String provider) {
        var operator = RestAssured.given().baseUri(baseUri()).header("x-admin-key", ADMIN_KEY)
                .contentType(ContentType.JSON);
        var team = operator.body(Map.of("name", name)).post("/admin/v1/teams");
        team.then().statusCode(201);
        String teamId = team.path("team_id");
        operator.body(Map.of("link_migration_enabled", true)).patch("/admin/v1/teams/" + teamId)
                .then().statusCode(200);
        operator.body(Map.of("client_id", "c", "client_secret", "s"))
                .put("/admin/v1/teams/" + teamId + "/custom_credentials/" + provider).then().statusCode(200);
        return new Teams.TestTeam(UUID.fromString(teamId), team.path("api_key"), team.path("key_prefix"));
    }

    /** The API port's address. */
    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface's address: health, metrics and the OpenAPI document. */
    public String managementUri() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** Whether {@code /q/health/ready} answers 200 now. */
    public boolean ready() {
        try {
            return RestAssured.given().baseUri(managementUri()).get("/q/health/ready").statusCode() == 200;
        } catch (RuntimeException notListening) {
            return false;
        }
    }

    /** SIGKILL: the process dies mid-whatever, without shutting down. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process stops wherever it is, its sockets and transactions left open, as if it had hung. */
    public void freeze() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
