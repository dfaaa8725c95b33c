package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.PrometheusText;
import io.linkops.testinfra.RawHttp;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams.TestTeam;
import io.linkops.testinfra.Teams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Large bodies wait for room instead of exhausting the heap (the test profile allows 48 MB at once). */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class RequestMemoryGuardTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aLargeBodyWithNoRoomWaitsThenIsReadAndTurnedAwayWith429OnAConnectionThatStaysOpen() throws Exception {
        TestTeam team = Teams.createMigrating("memory guard", "fitbit");
        byte[] large = new byte[12 * 1024 * 1024];
        Arrays.fill(large, (byte) ' ');
        large[0] = '{';
        large[large.length - 1] = '}';
        try (Socket holder = new Socket(base.getHost(), base.getPort())) {
            // A client that announces 40 MB and sends them slowly holds 40 MB of the room while it is read.
            OutputStream out = holder.getOutputStream();
            out.write(("POST /v2/link/bulk_import HTTP/1.1\r\nHost: localhost\r\nx-vital-api-key: " + team.apiKey()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 40000000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admittedBytes() >= 40_000_000);

            long start = System.nanoTime();
            HttpAnswer turnedAway;
            try (Socket client = new Socket(base.getHost(), base.getPort())) {
                // Like the JDK's and most SDKs' clients: the whole body is sent before the answer is read, and the
                // connection is kept for the next request.
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> write(client, ("POST "
                        + "/v2/link/bulk_import HTTP/1.1\r\nHost: localhost\r\nx-vital-api-key: " + team.apiKey()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + large.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII), large));
                turnedAway = HttpAnswer.read(client.getInputStream());
                sent.get(10, TimeUnit.SECONDS);
                write(client, "GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertEquals(200, HttpAnswer.read(client.getInputStream()).status(), "the connection stays usable");
            }
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(429, turnedAway.status());
            assertEquals("10", turnedAway.headers().get("retry-after"));
            assertTrue(turnedAway.body().contains("nothing of this one was kept"), turnedAway.body());
            assertTrue(waitedMillis >= 2_500, "it waited for room first: " + waitedMillis + " ms");
            assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admittedBytes() == 0);

        as(team).body(large).post("/v2/link/bulk_import").then().statusCode(422);
    }

    @Test
    void aBodyOverTheLimitSentWithoutALengthGivesItsRoomBackWhenTheHttpLayerCutsItOff() {
        TestTeam team = Teams.createMigrating("memory guard cut", "fitbit");
        byte[] overLimit = new byte[65 * 1024 * 1024];
        Arrays.fill(overLimit, (byte) ' ');

        RawHttp.Answer answer = RawHttp.send(RawHttp.Request.of("POST", "/v2/user").header("x-vital-api-key",
                team.apiKey()).header("content-type", "application/json").body(overLimit).withoutLength());

        assertEquals(413, answer.status());
        // Counted as the largest body allowed (64 MB, more than the 48 MB of room): until it is given back, every
        // other large request would wait.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admittedBytes() == 0);
    }

    private static void write(Socket socket, byte[]... parts) {
        try {
            OutputStream out = socket.getOutputStream();
            for (byte[] part : parts) {
                out.write(part);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One HTTP/1.1 answer read off a socket: status, headers (lower-case names) and a body of Content-Length. */
    private record HttpAnswer(int status, Map<String, String> headers, String body) {

        static HttpAnswer read(InputStream in) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new HashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(), header.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new HttpAnswer(Integer.parseInt(statusLine.split(" ")[1]), headers,
                    new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the connection closed mid-answer: " + line);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    private double admittedBytes() {
        String metrics = as("").get("/q/metrics").asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("linkops_http_body_bytes_admitted")) {
                return PrometheusText.valueOf(line);
            }
        }
        return -1;
    }
}
