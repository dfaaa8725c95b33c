package io.linkops.rest.webhook;

import io.linkops.domain.WebhookEventType;
import io.linkops.rest.RequestParameters;
import io.linkops.rest.error.RequestValidationException;
import io.linkops.rest.error.ValidationProblem;
import io.linkops.security.CallerTeam;
import io.linkops.service.WebhookEndpointService;
import io.linkops.service.WebhookFanOut;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /v2/webhooks/endpoints} (extension): a team's webhook endpoints and their delivery attempts. */
@Path("/v2/webhooks/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookEndpointResource {

    private static final int DEFAULT_ATTEMPTS = 50;
    private static final int MAX_ATTEMPTS = 500;

    private final WebhookEndpointService service;
    private final WebhookFanOut fanOut;
    private final CallerTeam callerTeam;

    public WebhookEndpointResource(WebhookEndpointService service, WebhookFanOut fanOut, CallerTeam callerTeam) {
        this.service = service;
        this.fanOut = fanOut;
        this.callerTeam = callerTeam;
    }

    @POST
    @Operation(summary = "Register a webhook endpoint (extension)", description = "Answers 201 with the endpoint "
            + "and its signing secret (whsec_...), shown only in this answer. Events: provider.connection.created, "
            + "provider.connection.error, bulk_op.completed.")
    @APIResponse(responseCode = "201", description = "Registered; secret is shown only here.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookEndpointResponse.class)))
    public Uni<Response> register(WebhookEndpointRequest body) {
        List<String> eventTypes = validEventTypes(body);
        return service.register(callerTeam.id(), body.url(), eventTypes)
                .invoke(registered -> fanOut.teamRegistered(callerTeam.id()))
                .map(registered -> Response.status(201)
                        .entity(WebhookEndpointResponse.of(registered.endpoint(), registered.secret())).build());
    }

    @GET
    @Operation(summary = "The team's webhook endpoints (extension)")
    public Uni<Map<String, List<WebhookEndpointResponse>>> list() {
        return service.list(callerTeam.id()).map(endpoints -> Map.of("data",
                endpoints.stream().map(WebhookEndpointResponse::of).toList()));
    }

    @GET
    @Path("/{endpoint_id}")
    @Operation(summary = "One webhook endpoint (extension)")
    public Uni<WebhookEndpointResponse> get(@PathParam("endpoint_id") String endpointId) {
        return service.find(callerTeam.id(), RequestParameters.uuidPath("endpoint_id", endpointId))
                .map(WebhookEndpointResponse::of);
    }

    @DELETE
    @Path("/{endpoint_id}")
    @Operation(summary = "Remove a webhook endpoint and its pending deliveries (extension)")
    public Uni<Map<String, Boolean>> delete(@PathParam("endpoint_id") String endpointId) {
        return service.delete(callerTeam.id(), RequestParameters.uuidPath("endpoint_id", endpointId))
                .replaceWith(Map.of("success", true));
    }

    @GET
    @Path("/{endpoint_id}/attempts")
    @Operation(summary = "An endpoint's delivery attempts, newest first (extension)")
    public Uni<Map<String, List<WebhookAttemptResponse>>> attempts(@PathParam("endpoint_id") String endpointId,
            @QueryParam("limit") String limit) {
        int size = RequestParameters.intQuery("limit", limit, DEFAULT_ATTEMPTS, 1, MAX_ATTEMPTS);
        return service.attempts(callerTeam.id(), RequestParameters.uuidPath("endpoint_id", endpointId), size)
                .map(attempts -> Map.of("data", attempts.stream().map(WebhookAttemptResponse::of).toList()));
    }

    private static List<String> validEventTypes(WebhookEndpointRequest body) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (body == null) {
            throw new RequestValidationException(List.of(ValidationProblem.at(List.of("body"), "Field required",
                    "missing")));
        }
        if (body.url() == null) {
            problems.add(ValidationProblem.at(List.of("body", "url"), "Field required", "missing"));
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        if (body.eventTypes() == null || body.eventTypes().isEmpty()) {
            problems.add(ValidationProblem.at(List.of("body", "event_types"), "At least one event type is required",
                    "missing"));
        } else {
            for (int i = 0; i < body.eventTypes().size(); i++) {
                String type = body.eventTypes().get(i);
                if (type == null || WebhookEventType.fromWireName(type).isEmpty()) {
                    problems.add(ValidationProblem.at(List.of("body", "event_types", i), "Unknown event type; one of "
                            + "provider.connection.created, provider.connection.error, bulk_op.completed",
                            "value_error"));
                } else {
                    types.add(type);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RequestValidationException(problems);
        }
        return List.copyOf(types);
    }
}
