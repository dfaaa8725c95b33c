package io.linkops.rest.link;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.Provider;
import io.linkops.rest.error.RequestValidationException;
import io.linkops.rest.error.ValidationProblem;
import io.linkops.security.CallerTeam;
import io.linkops.service.HistoricalPullService;
import io.linkops.service.IdempotentLaunches;
import io.linkops.service.RequestFingerprint;
import io.linkops.service.RequestTooLargeException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /v2/link/bulk_trigger_historical_pull}: answered like bulk import, 202 or 200 with the same body. */
@Path("/v2/link/bulk_trigger_historical_pull")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BulkHistoricalPullResource {

    private final HistoricalPullService service;
    private final IdempotentLaunches launches;
    private final CallerTeam callerTeam;
    private final int maxUsers;

    public BulkHistoricalPullResource(HistoricalPullService service, IdempotentLaunches launches,
            CallerTeam callerTeam, LinkopsConfig config) {
        this.service = service;
        this.launches = launches;
        this.callerTeam = callerTeam;
        this.maxUsers = config.bulkImport().maxConnections();
    }

    @POST
    @APIResponse(responseCode = "200", description = "The op finished within the wait bound (wait_for_completion).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BulkImportResponse.class)))
    @APIResponse(responseCode = "202", description = "Every request is durably enqueued; the lists hold what has "
            + "finished so far.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BulkImportResponse.class)))
    public Uni<Response> trigger(@Valid @NotNull BulkHistoricalPullRequest body,
            @HeaderParam(IdempotencyKeyHeader.NAME) String idempotencyKey,
            @HeaderParam(IdempotencyKeyHeader.JUNCTION_NAME) String junctionIdempotencyKey) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        List<UUID> users = body.userIds();
        if (users.size() > maxUsers) {
            throw new RequestTooLargeException("A historical pull names at most " + maxUsers + " users; this one names "
                    + users.size() + ".");
        }
        List<ValidationProblem> problems = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int index = 0; index < users.size(); index++) {
            if (users.get(index) == null) {
                problems.add(ValidationProblem.at(List.of("body", "user_ids", index), "Field required", "missing"));
            } else if (!seen.add(users.get(index))) {
                problems.add(ValidationProblem.at(List.of("body", "user_ids", index),
                        "Each user_id may appear only once per request", "value_error"));
            }
        }
        if (!problems.isEmpty()) {
            throw new RequestValidationException(problems);
        }
        String key = IdempotencyKeyHeader.of(idempotencyKey, junctionIdempotencyKey);
        Provider provider = Provider.fromSlug(body.provider()).orElseThrow();
        boolean wait = Boolean.TRUE.equals(body.waitForCompletion());
        byte[] fingerprint = key == null ? null : RequestFingerprint.ofHistoricalPull(provider, users, wait);
        return launches.launch(callerTeam.id(), key, fingerprint, wait,
                        opId -> service.trigger(opId, callerTeam.id(), provider, users, wait))
                .map(launched -> IdempotencyKeyHeader.answer(launched, wait));
    }
}
