package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.RawHttp;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Large bodies wait for room instead of exhausting the heap (the test profile allows 48 MB at once). */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class RequestMemoryGuardTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aLargeBodyWithNoRoomWaitsThenIsTurnedAwayWith429AndIsLetInOnceRoomIsFree() throws Exception {
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
            as(team).body(large).post("/v2/link/bulk_import").then().statusCode(429)
                    .header("Retry-After", "10")
                    .body("detail", containsString("nothing of this one was read"));
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;

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

    private double admittedBytes() {
        String metrics = as("").get("/q/metrics").asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("linkops_http_body_bytes_admitted")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
