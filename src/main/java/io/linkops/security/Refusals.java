package io.linkops.security;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The answer to a request the authentication filters refuse: the API's usual {@code {"detail": ...}} JSON body. */
final class Refusals {

    private Refusals() {
    }

    static Response refuse(int status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("detail", detail)).build();
    }
}
