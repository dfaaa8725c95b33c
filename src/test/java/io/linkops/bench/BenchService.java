package io.linkops.bench;

import io.linkops.testinfra.FreePorts;
import io.linkops.testinfra.Processes;
import io.linkops.testinfra.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One linkops process a benchmark starts from the packaged jar, with its own role and settings, and stops. */
final class BenchService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Duration startup;

    private BenchService(String name, Process process, int port, int managementPort, Duration startup) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.startup = startup;
    }

    /** Starts the jar and returns once it reports ready; its log goes to {@code <logDirectory>/<name>.log}. */
    static BenchService start(String name, BenchStack stack, Map<String, String> settings, List<String> jvmOptions)
            throws IOException, InterruptedException {
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        // BENCH_SERVICE_JVM adds options to every service, to profile one (for example a flight recording).
        String extra = System.getenv().getOrDefault("BENCH_SERVICE_JVM", "").replace("{name}", name);
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", stack.jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.putAll(settings);
        builder.environment().putAll(env);
        Files.createDirectories(stack.logDirectory());
        builder.redirectErrorStream(true).redirectOutput(stack.logDirectory().resolve(name + ".log").toFile());
        long start = System.nanoTime();
        BenchService service = new BenchService(name, builder.start(), port, managementPort, null);
        long deadline = start + Duration.ofSeconds(120).toNanos();
        while (!service.ready()) {
            if (!service.process.isAlive() || System.nanoTime() > deadline) {
                service.close();
                throw new IllegalStateException(name + " did not become ready; see its log in "
                        + stack.logDirectory());
            }
            Thread.sleep(100); // polling a process that is starting, not a synchronisation inside the service
        }
        return new BenchService(name, service.process, port, managementPort,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(managementUri() + "/q/health/ready")).timeout(
                    Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | InterruptedException notYet) {
            return false;
        }
    }

    String name() {
        return name;
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    String managementUri() {
        return "http://127.0.0.1:" + managementPort;
    }

    long pid() {
        return process.pid();
    }

    /** From the start of the JVM to the first 200 of the readiness probe. */
    Duration startup() {
        return startup;
    }

    /** The sum of a Prometheus counter's series whose labels contain {@code labelMatch} ("" for all). */
    double counter(String metric, String labelMatch) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(managementUri() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains(labelMatch)) {
                sum += PrometheusText.valueOf(line);
            }
        }
        return sum;
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
