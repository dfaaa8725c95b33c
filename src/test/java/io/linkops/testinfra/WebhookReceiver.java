package io.linkops.testinfra;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A team's webhook endpoint over real HTTP on 127.0.0.1: records every request by path, and answers each path with
 * the answers scripted for it in turn (then 200), optionally after a delay.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received, with how many requests were still open on each path when it came. */
    public record Received(String path, Map<String, List<String>> headers, String body, Instant at,
            Map<String, Integer> openElsewhere) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** A scripted answer. */
    public record Answer(int status, String retryAfter, Duration delay) {

        public static Answer status(int status) {
            return new Answer(status, null, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
            String path = exchange.getRequestURI().getPath();
            Map<String, Integer> openNow = new HashMap<>();
            open.forEach((openPath, count) -> openNow.put(openPath, count.get()));
            received.add(new Received(path, headers, body, Instant.now(), openNow));
            AtomicInteger openHere = open.computeIfAbsent(path, p -> new AtomicInteger());
            openHere.incrementAndGet();
            Deque<Answer> script = scripts.get(path);
            Answer answer = script == null || script.isEmpty() ? Answer.status(200) : script.poll();
            try {
                Thread.sleep(answer.delay().toMillis()); // the endpoint being slow is the behaviour under test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            try {
                exchange.sendResponseHeaders(answer.status(), -1);
            } catch (IOException clientGone) {
                // The caller gave up waiting (its timeout): what the test looks at is that it did.
            } finally {
                openHere.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    /** The URL of a path on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void script(String path, Answer... answers) {
        scripts.put(path, new ConcurrentLinkedDeque<>(List.of(answers)));
    }

    public List<Received> received(String path) {
        List<Received> at = new ArrayList<>();
        received.stream().filter(request -> request.path().equals(path)).forEach(at::add);
        return at;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
