package io.linkops.rest.admin;

import io.linkops.rest.RequestParameters;
import io.linkops.rest.error.RequestValidationException;
import io.linkops.rest.error.ValidationProblem;
import io.linkops.rest.webhook.WebhookEndpointResponse;
import io.linkops.service.WebhookEndpointService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Operator API for a team's webhook endpoints (extension): list them, and disable or enable one. */
@Path("/admin/v1/teams/{team_id}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookAdminResource {

    /** Body of the PATCH. */
    public record WebhookSwitch(Boolean disabled) {
    }

    private final WebhookEndpointService service;

    public WebhookAdminResource(WebhookEndpointService service) {
        this.service = service;
    }

    @GET
    public Uni<List<WebhookEndpointResponse>> list(@PathParam("team_id") String teamId) {
        return service.list(TeamAdminResource.teamIdOf(teamId))
                .map(endpoints -> endpoints.stream().map(WebhookEndpointResponse::of).toList());
    }

    @PATCH
    @Path("/{endpoint_id}")
    public Uni<WebhookEndpointResponse> patch(@PathParam("team_id") String teamId,
            @PathParam("endpoint_id") String endpointId, WebhookSwitch body) {
        if (body == null || body.disabled() == null) {
            throw new RequestValidationException(List.of(ValidationProblem.at(List.of("body", "disabled"),
                    "Field required", "missing")));
        }
        return service.setDisabled(TeamAdminResource.teamIdOf(teamId),
                        RequestParameters.uuidPath("endpoint_id", endpointId), body.disabled())
                .map(WebhookEndpointResponse::of);
    }
}
