package io.linkops.testinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure {@code deployment/local/run.sh} needs: a persistent PostgreSQL and Kafka broker under one
 * directory, kept until the process is told to stop. Arguments: the directory, then {@code postgres=PORT} and/or
 * {@code kafka=PORT} or {@code kafka=PORT:CONTROLLER_PORT} (the controller listens on PORT + 1 unless named), or
 * {@code kafka=PORT:CONTROLLER_PORT:SSL_PORT} for an SSL listener too, with {@code tls/server.p12} of the directory
 * ({@link TestCertificates}). Writes
 * {@code ready} into the directory once both accept connections.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        ToolLogging.brokerProcess();
        Path home = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(home);
        Path ready = home.resolve("ready");
        Files.deleteIfExists(ready);
        List<AutoCloseable> started = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("could not stop " + started.get(i) + ": " + e);
                }
            }
            stopped.countDown();
        }));
        for (int i = 1; i < args.length; i++) {
            String[] part = args[i].split("=", 2);
            String[] ports = part[1].split(":");
            int port = Integer.parseInt(ports[0]);
            switch (part[0]) {
                case "postgres" -> {
                    PostgresServer postgres = new PostgresServer(port, home.resolve("postgres"), postgresSettings());
                    postgres.start();
                    started.add(postgres);
                    System.out.println("PostgreSQL ready on 127.0.0.1:" + port);
                }
                case "kafka" -> {
                    int controllerPort = ports.length > 1 ? Integer.parseInt(ports[1]) : port + 1;
                    int sslPort = ports.length > 2 ? Integer.parseInt(ports[2]) : 0;
                    started.add(LocalKafkaBroker.start(port, controllerPort, sslPort,
                            home.resolve("tls").resolve("server.p12"), home.resolve("kafka").resolve("log")));
                    System.out.println("Kafka ready on 127.0.0.1:" + port);
                }
                default -> throw new IllegalArgumentException("unknown part " + part[0]);
            }
        }
        Files.writeString(ready, String.join(" ", args));
        stopped.await();
    }

    /**
     * PostgreSQL sized as a server would be, not with its built-in defaults (128 MB of buffers, 1 GB of WAL between
     * checkpoints): with those, the benchmark's tables outgrew the buffers within a few 100,000-connection ops, whose
     * sessions then wrote out evicted pages themselves; the same op repeated on one database took 10.2, 14.5 and
     * 13.3 s (sized: 9.0, 11.8 and 11.9 s). LINKOPS_LOCAL_PG_SETTINGS replaces them ("name=value,name=value"; empty
     * for PostgreSQL's defaults).
     */
    static Map<String, String> postgresSettings() {
        String configured = System.getenv().getOrDefault("LINKOPS_LOCAL_PG_SETTINGS",
                "shared_buffers=1GB,max_wal_size=4GB");
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : configured.split(",")) {
            if (!setting.isBlank()) {
                String[] nameAndValue = setting.trim().split("=", 2);
                settings.put(nameAndValue[0], nameAndValue[1]);
            }
        }
        return settings;
    }
}
