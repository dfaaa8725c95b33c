package io.linkops.rest.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkops.domain.Provider;
import io.linkops.rest.RequestParameters;
import io.linkops.service.CredentialSettings;
import io.linkops.service.CustomCredentialService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Operator API for teams' own OAuth credentials (extension); secrets go in and never come out. */
@Path("/admin/v1/teams/{team_id}/custom_credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CustomCredentialAdminResource {

    private final CustomCredentialService service;

    public CustomCredentialAdminResource(CustomCredentialService service) {
        this.service = service;
    }

    @PUT
    @Path("/{provider}")
    public Uni<CustomCredentialResponse> put(@PathParam("team_id") String teamId,
            @PathParam("provider") String provider, @Valid @NotNull CustomCredentialRequest body) {
        Provider slug = RequestParameters.providerPath("provider", provider);
        CredentialSettings settings = new CredentialSettings(body.clientId().strip(), body.clientSecret(),
                detailsJson(body.details()), body.redirectUrlOverride());
        return service.put(TeamAdminResource.teamIdOf(teamId), slug, settings).map(CustomCredentialResponse::of);
    }

    @GET
    public Uni<List<CustomCredentialResponse>> list(@PathParam("team_id") String teamId) {
        return service.list(TeamAdminResource.teamIdOf(teamId))
                .map(credentials -> credentials.stream().map(CustomCredentialResponse::of).toList());
    }

    private static String detailsJson(ObjectNode details) {
        return details == null ? null : details.toString();
    }
}
