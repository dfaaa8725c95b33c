package io.linkops.testinfra;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Server-Sent Events client over real HTTP that hands each event to the test as it arrives, with a deadline. */
public final class SseClient implements AutoCloseable {

    /** One event; a heartbeat comment has only {@code comment}. The end of the stream has {@code end}. */
    public record Event(String name, String id, String data, String comment, boolean end) {
    }

    private static final Event END = new Event(null, null, null, null, true);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(String url, String apiKey, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("x-vital-api-key", apiKey)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return new SseClient(response);
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event, or fails when none came within the deadline. */
    public Event next(Duration deadline) throws InterruptedException {
        Event event = events.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + deadline);
        }
        return event;
    }

    /** Every event until the stream ends, which must happen within the deadline. */
    public List<Event> untilEnd(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        List<Event> all = new ArrayList<>();
        while (true) {
            Event event = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (event.end()) {
                return all;
            }
            all.add(event);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || name != null) {
                        events.add(new Event(name, id, data == null ? null : data.toString(), null, false));
                    }
                    name = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, null, null, line.substring(1).trim(), false));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
                }
            }
        } catch (Exception e) {
            // The stream was closed by the test; END follows either way.
        }
        events.add(END);
    }

    @Override
    public void close() throws Exception {
        response.body().close();
    }
}
