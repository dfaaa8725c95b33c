package io.linkops.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OAuth token endpoint on loopback that answers every refresh grant after a fixed latency with a fresh pair, and
 * counts how often each refresh token reached it: a token sent twice would be a broken single-use guarantee.
 */
final class FakeTokenEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(256);
    private final Map<String, Integer> callsPerToken = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final Duration latency;

    FakeTokenEndpoint(Duration latency) throws IOException {
        this.latency = latency;
        // Without it the JDK server's separate header and body writes meet delayed ACKs: 40 ms more per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.createContext("/token", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    long calls() {
        return calls.get();
    }

    long tokensSentMoreThanOnce() {
        return callsPerToken.values().stream().filter(count -> count > 1).count();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            if (pair.startsWith("refresh_token=")) {
                callsPerToken.merge(URLDecoder.decode(pair.substring(14), StandardCharsets.UTF_8), 1, Integer::sum);
            }
        }
        calls.incrementAndGet();
        try {
            Thread.sleep(latency.toMillis()); // the provider's latency being simulated
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        byte[] body = ("{\"access_token\":\"at-" + UUID.randomUUID() + "\",\"refresh_token\":\"rt-" + UUID.randomUUID()
                + "\",\"expires_in\":28800,\"token_type\":\"Bearer\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
