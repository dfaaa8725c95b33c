package io.linkops.rest.user;

import io.linkops.rest.RequestParameters;
import io.linkops.rest.error.RequestValidationException;
import io.linkops.security.CallerTeam;
import io.linkops.service.NewUser;
import io.linkops.service.UserService;
import io.linkops.service.UserView;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** Junction's users API, scoped to the caller's team. */
@Path("/v2/user")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final UserService service;
    private final CallerTeam callerTeam;

    public UserResource(UserService service, CallerTeam callerTeam) {
        this.service = service;
        this.callerTeam = callerTeam;
    }

    @POST
    public Uni<UserResponse> create(@Valid @NotNull CreateUserRequest body) {
        if (body.ingestionStart() != null && body.ingestionEnd() != null
                && body.ingestionEnd().isBefore(body.ingestionStart())) {
            throw RequestValidationException.of(List.of("body", "ingestion_end"),
                    "ingestion_end must not be before ingestion_start", "value_error");
        }
        NewUser request = new NewUser(body.clientUserId(), body.fallbackTimeZone(), body.fallbackBirthDate(),
                body.ingestionStart(), body.ingestionEnd());
        return service.create(callerTeam.id(), request)
                .map(user -> UserResponse.of(new UserView(user, List.of())));
    }

    @GET
    public Uni<UserListResponse> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        int from = RequestParameters.intQuery("offset", offset, 0, 0, Integer.MAX_VALUE);
        int size = RequestParameters.intQuery("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        return service.list(callerTeam.id(), from, size).map(UserListResponse::of);
    }

    @GET
    @Path("/{user_id}")
    public Uni<UserResponse> get(@PathParam("user_id") String userId) {
        return service.get(callerTeam.id(), userIdOf(userId)).map(UserResponse::of);
    }

    @GET
    @Path("/resolve/{client_user_id}")
    public Uni<UserResponse> resolve(@PathParam("client_user_id") String clientUserId) {
        return service.resolve(callerTeam.id(), RequestParameters.textPath("client_user_id", clientUserId))
                .map(UserResponse::of);
    }

    @DELETE
    @Path("/{user_id}")
    public Uni<SuccessResponse> delete(@PathParam("user_id") String userId) {
        return service.delete(callerTeam.id(), userIdOf(userId)).map(ignored -> SuccessResponse.OK);
    }

    @GET
    @Path("/providers/{user_id}")
    public Uni<UserProvidersResponse> providers(@PathParam("user_id") String userId) {
        return service.connectionsOf(callerTeam.id(), userIdOf(userId))
                .map(connections -> new UserProvidersResponse(
                        connections.stream().map(UserProviderResponse::of).toList()));
    }

    @DELETE
    @Path("/{user_id}/{provider}")
    public Uni<SuccessResponse> deregister(@PathParam("user_id") String userId,
            @PathParam("provider") String provider) {
        UUID id = userIdOf(userId);
        return service.deregister(callerTeam.id(), id, RequestParameters.providerPath("provider", provider))
                .map(ignored -> SuccessResponse.OK);
    }

    private static UUID userIdOf(String value) {
        return RequestParameters.uuidPath("user_id", value);
    }
}
