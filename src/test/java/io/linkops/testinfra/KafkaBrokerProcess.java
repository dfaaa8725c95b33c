package io.linkops.testinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A single-node KRaft broker in a process of its own ({@link LocalStack}), on a fixed port with its log on disk, so a
 * test can stop it, kill it outright, and start it again with its topics and transactions intact.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final int port;
    private final Path home;
    private Process process;

    private KafkaBrokerProcess(int port, Path home) {
        this.port = port;
        this.home = home;
    }

    public static KafkaBrokerProcess start(Path home) throws IOException {
        KafkaBrokerProcess broker = new KafkaBrokerProcess(FreePorts.next(), home);
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts (or restarts) the broker and waits until it accepts connections. */
    public synchronized void start() throws IOException {
        Files.createDirectories(home);
        Path ready = home.resolve("ready");
        Files.deleteIfExists(ready);
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), LocalStack.class.getName(),
                home.toString(), "kafka=" + port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("broker.log").toFile()))
                .start();
        Process started = process;
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("broker exited; see " + home.resolve("broker.log"));
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

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
