package io.linkops.security;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;

/** The answer to a request the authentication filters refuse: the API's usual {@code {"detail": ...}} JSON body. */
final class Refusals {

    private Refusals() {
    }

    static Response refuse(int status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("detail", detail)).build();
    }

    /** 429 with {@code Retry-After} in whole seconds, rounded up: a client that waits that long gets through. */
    static Response tooManyRequests(Duration wait, String who) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return Response.fromResponse(refuse(429, "Too many requests for " + who + "; retry after " + seconds
                + " s (Retry-After).")).header("Retry-After", String.valueOf(seconds)).build();
    }
}
