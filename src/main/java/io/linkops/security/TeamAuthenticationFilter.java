package io.linkops.security;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every {@code /v2} call with {@code x-vital-api-key}. The team always comes from the key; a {@code team_id}
 * query parameter may only repeat it (or say {@code infer_from_context}, as Junction's SDKs do).
 */
public class TeamAuthenticationFilter {

    static final String API_KEY_HEADER = "x-vital-api-key";
    private static final String TEAM_ID_PARAMETER = "team_id";
    private static final String INFER_FROM_CONTEXT = "infer_from_context";
    private static final String INVALID_KEY = "Invalid API key.";

    private final TeamAuthenticator authenticator;
    private final CallerTeam callerTeam;
    private final RefusedKeys refusedKeys;
    private final RequestRateLimiter rateLimiter;

    public TeamAuthenticationFilter(TeamAuthenticator authenticator, CallerTeam callerTeam, RefusedKeys refusedKeys,
            RequestRateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.callerTeam = callerTeam;
        this.refusedKeys = refusedKeys;
        this.rateLimiter = rateLimiter;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v2/")) {
            return Uni.createFrom().nullItem();
        }
        String presentedKey = request.getHeaderString(API_KEY_HEADER);
        if (presentedKey == null || presentedKey.isBlank()) {
            return Uni.createFrom().item(Refusals.refuse(401,
                    "Missing API key: send it in the x-vital-api-key header."));
        }
        String key = presentedKey.trim();
        if (refusedKeys.refusedWithoutLookup(key)) {
            return Uni.createFrom().item(Refusals.refuse(401, INVALID_KEY));
        }
        return authenticator.authenticate(key).map(team -> {
            if (team == null) {
                refusedKeys.failed(key);
                return Refusals.refuse(401, INVALID_KEY);
            }
            for (String teamId : request.getUriInfo().getQueryParameters().getOrDefault(TEAM_ID_PARAMETER, List.of())) {
                if (!INFER_FROM_CONTEXT.equals(teamId) && !team.teamId().toString().equalsIgnoreCase(teamId)) {
                    return Refusals.refuse(403, "The team_id parameter does not match the team of the API key.");
                }
            }
            Duration wait = rateLimiter.takeTeam(team.teamId());
            if (!wait.isZero()) {
                return Refusals.tooManyRequests(wait, "this team");
            }
            callerTeam.authenticate(team.teamId(), team.linkMigrationEnabled());
            return null;
        });
    }
}
