package io.linkops.rest;

import io.linkops.config.LinkopsConfig;
import io.linkops.rest.error.ErrorBody;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** A process without the api role serves only health and metrics; the API belongs to the api replicas. */
public class ApiRoleFilter {

    private final boolean apiRole;

    public ApiRoleFilter(LinkopsConfig config) {
        this.apiRole = config.role().contains(LinkopsConfig.Role.api);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public Response rejectWithoutApiRole(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!apiRole && (path.startsWith("/v2/") || path.startsWith("/admin/"))) {
            return ErrorBody.response(503, "This instance runs the worker role only; send API calls to an api replica.");
        }
        return null;
    }
}
