package io.linkops.rest.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The {@code {"detail": ...}} body every error answer carries. */
public record ErrorBody(Object detail) {

    public static Response response(int status, Object detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(detail)).build();
    }
}
