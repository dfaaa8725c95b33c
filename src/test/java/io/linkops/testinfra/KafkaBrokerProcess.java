package io.linkops.testinfra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A single-node KRaft broker in a process of its own ({@link LocalStack}), on fixed ports with its log on disk, so a
 * test can stop it, kill it outright, and start it again with its topics and transactions intact.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final int FIRST_START_ATTEMPTS = 3;
    private static final int LOG_LINES_IN_FAILURE = 40;

    private final int port;
    private final int controllerPort;
    private final int sslPort;
    private final Path home;
    private Process process;

    private KafkaBrokerProcess(int port, int controllerPort, int sslPort, Path home) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.sslPort = sslPort;
        this.home = home;
    }

    /**
     * Starts a broker on two free ports. A port found free may be taken by another process before the broker binds
     * it, so a first start that fails is tried again on other ports, from an empty log; each failure prints the end
     * of the broker's log (a CI run once saw the broker exit at its first start and kept no log).
     */
    public static KafkaBrokerProcess start(Path home) throws IOException {
        return start(home, false);
    }

    /** As {@link #start(Path)}, with an SSL listener too, serving {@code home/tls/server.p12} (TestCertificates). */
    public static KafkaBrokerProcess startWithSsl(Path home) throws IOException {
        if (!Files.exists(home.resolve("tls").resolve("server.p12"))) {
            throw new IllegalStateException("generate the certificates into " + home.resolve("tls") + " first");
        }
        return start(home, true);
    }

    private static KafkaBrokerProcess start(Path home, boolean ssl) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.next();
            int controllerPort = FreePorts.next();
            while (controllerPort == port) {
                controllerPort = FreePorts.next();
            }
            int sslPort = 0;
            while (ssl && (sslPort == 0 || sslPort == port || sslPort == controllerPort)) {
                sslPort = FreePorts.next();
            }
            KafkaBrokerProcess broker = new KafkaBrokerProcess(port, controllerPort, sslPort, home);
            try {
                broker.start();
                return broker;
            } catch (BrokerExitedException exited) {
                if (attempt == FIRST_START_ATTEMPTS) {
                    throw exited;
                }
                System.err.println("The test broker did not start (attempt " + attempt + "); trying other ports. "
                        + exited.getMessage());
                Directories.deleteTree(home.resolve("kafka"));
            }
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The SSL listener's address. */
    public String sslBootstrapServers() {
        if (sslPort == 0) {
            throw new IllegalStateException("this broker has no SSL listener");
        }
        return "127.0.0.1:" + sslPort;
    }

    /** Starts (or restarts) the broker and waits until it accepts connections. */
    public synchronized void start() throws IOException {
        Files.createDirectories(home);
        Path ready = home.resolve("ready");
        Files.deleteIfExists(ready);
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), LocalStack.class.getName(),
                home.toString(), "kafka=" + port + ":" + controllerPort + (sslPort == 0 ? "" : ":" + sslPort)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("broker.log").toFile()))
                .start();
        Process started = process;
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.isAlive()) {
                throw new BrokerExitedException("broker exited with " + started.exitValue() + "; the end of "
                        + home.resolve("broker.log") + ":\n" + logTail());
            }
            return Files.exists(ready);
        });
    }

    /** A clean shutdown, as when the broker is restarted for maintenance. */
    public synchronized void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL: the broker dies with whatever was in flight. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    private String logTail() throws IOException {
        List<String> lines = new String(Files.readAllBytes(home.resolve("broker.log")), StandardCharsets.UTF_8)
                .lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_FAILURE), lines.size()));
    }

    /** The broker's process ended before it was ready. */
    static final class BrokerExitedException extends IllegalStateException {

        BrokerExitedException(String message) {
            super(message);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
