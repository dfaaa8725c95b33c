package io.linkops.rest.admin;

import io.linkops.rest.RequestParameters;
import io.linkops.service.TeamAdminService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Operator API for teams and their API keys (extension). */
@Path("/admin/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamAdminResource {

    private final TeamAdminService service;

    public TeamAdminResource(TeamAdminService service) {
        this.service = service;
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created; api_key is shown only here.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CreatedTeamResponse.class)))
    public Uni<Response> create(@Valid @NotNull CreateTeamRequest body) {
        return service.createTeam(body.name().strip())
                .map(created -> Response.status(201).entity(CreatedTeamResponse.of(created)).build());
    }

    @GET
    @Path("/{team_id}")
    public Uni<TeamResponse> get(@PathParam("team_id") String teamId) {
        return service.getTeam(teamIdOf(teamId)).map(TeamResponse::of);
    }

    @PATCH
    @Path("/{team_id}")
    public Uni<TeamResponse> update(@PathParam("team_id") String teamId, @Valid @NotNull UpdateTeamRequest body) {
        UUID id = teamIdOf(teamId);
        if (body.linkMigrationEnabled() == null) {
            return service.getTeam(id).map(TeamResponse::of);
        }
        return service.setLinkMigrationEnabled(id, body.linkMigrationEnabled()).map(TeamResponse::of);
    }

    @POST
    @Path("/{team_id}/api_keys")
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "201", description = "Issued; api_key is shown only here.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IssuedApiKeyResponse.class)))
    public Uni<Response> issueKey(@PathParam("team_id") String teamId) {
        return service.issueKey(teamIdOf(teamId))
                .map(key -> Response.status(201).entity(IssuedApiKeyResponse.of(key)).build());
    }

    @GET
    @Path("/{team_id}/api_keys")
    public Uni<List<ApiKeyResponse>> listKeys(@PathParam("team_id") String teamId) {
        return service.listKeys(teamIdOf(teamId)).map(keys -> keys.stream().map(ApiKeyResponse::of).toList());
    }

    @DELETE
    @Path("/{team_id}/api_keys/{key_prefix}")
    @APIResponse(responseCode = "204", description = "Revoked at once.")
    public Uni<Response> revokeKey(@PathParam("team_id") String teamId, @PathParam("key_prefix") String keyPrefix) {
        return service.revokeKey(teamIdOf(teamId), RequestParameters.textPath("key_prefix", keyPrefix))
                .map(ignored -> Response.noContent().build());
    }

    static UUID teamIdOf(String value) {
        return RequestParameters.uuidPath("team_id", value);
    }
}
