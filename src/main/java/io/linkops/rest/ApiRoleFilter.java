package io.linkops.rest;

import io.linkops.config.LinkopsConfig;
import io.linkops.rest.error.ErrorBody;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Each API belongs to its role: the team API ({@code /v2}) to the api replicas, the operator API ({@code /admin})
 * to the operator role, which production runs apart, so a public API port never answers operator calls.
 */
public class ApiRoleFilter {

    private final boolean apiRole;
    private final boolean operatorRole;

    public ApiRoleFilter(LinkopsConfig config) {
        this.apiRole = config.role().contains(LinkopsConfig.Role.api);
        this.operatorRole = config.role().contains(LinkopsConfig.Role.operator);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public Response rejectWithoutApiRole(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/admin/") && !operatorRole) {
            return ErrorBody.response(404, "Not found: this instance does not run the operator role.");
        }
        if (!apiRole && path.startsWith("/v2/")) {
            return ErrorBody.response(503, "This instance does not run the api role; send API calls to an api "
                    + "replica.");
        }
        return null;
    }
}
