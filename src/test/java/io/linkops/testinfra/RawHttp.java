package io.linkops.testinfra;

import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * HTTP with nothing done for the caller: the path goes out exactly as given (already percent-encoded, or not), any
 * content type or none, and bodies of any bytes, with a length or streamed without one.
 */
public final class RawHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private RawHttp() {
    }

    /** One request as sent; {@code body} null sends none. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body, boolean chunked) {

        public static Request of(String method, String path) {
            return new Request(method, path, new LinkedHashMap<>(), null, false);
        }

        public Request header(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Request(method, path, copy, body, chunked);
        }

        public Request json(String text) {
            return header("content-type", "application/json").body(text.getBytes(StandardCharsets.UTF_8));
        }

        public Request body(byte[] bytes) {
            return new Request(method, path, headers, bytes, chunked);
        }

        /** Sends the body chunked, without a content-length. */
        public Request withoutLength() {
            return new Request(method, path, headers, body, true);
        }

        /** What a failure message shows: never the whole of a megabyte body. */
        @Override
        public String toString() {
            String shown = body == null ? "<none>" : new String(body, 0, Math.min(body.length, 300),
                    StandardCharsets.UTF_8) + (body.length > 300 ? "...(" + body.length + " bytes)" : "");
            String shownPath = path.length() > 300 ? path.substring(0, 300) + "...(" + path.length() + " chars)" : path;
            Map<String, String> shownHeaders = new LinkedHashMap<>();
            headers.forEach((name, value) -> shownHeaders.put(name, value.length() > 80 ? value.substring(0, 80) + "..." : value));
            return method + " " + shownPath + " " + shownHeaders + " body=" + shown;
        }
    }

    public record Answer(int status, String contentType, String body) {
    }

    public static Answer send(Request request) {
        HttpRequest.BodyPublisher publisher;
        if (request.body() == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (request.chunked()) {
            byte[] bytes = request.body();
            Supplier<InputStream> stream = () -> new ByteArrayInputStream(bytes);
            publisher = HttpRequest.BodyPublishers.ofInputStream(stream);
        } else {
            publisher = HttpRequest.BodyPublishers.ofByteArray(request.body());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + request.path())).timeout(Duration.ofSeconds(60)).method(request.method(), publisher);
        request.headers().forEach(builder::header);
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException("no answer to " + request + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
