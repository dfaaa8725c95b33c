package io.linkops.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** {@code GET /console}: the web console's address, sent on to its page (static, under {@code /console/}). */
@Path("/console")
public class ConsoleResource {

    @GET
    public Response console() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/console/")).build();
    }
}
