package io.linkops.rest.link;

import io.linkops.domain.Provider;
import io.linkops.security.CallerTeam;
import io.linkops.service.BulkImportService;
import io.linkops.service.IdempotentLaunches;
import io.linkops.service.ImportRehearsal;
import io.linkops.service.RequestFingerprint;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /v2/link/bulk_import}: 202 once every connection is durably enqueued, 200 if it also finished; with
 * {@code "dry_run": true} (extension), 200 with what it would do.
 */
@Path("/v2/link/bulk_import")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BulkImportResource {

    private final BulkImportService service;
    private final IdempotentLaunches launches;
    private final ImportRehearsal rehearsal;
    private final CallerTeam callerTeam;

    public BulkImportResource(BulkImportService service, IdempotentLaunches launches, ImportRehearsal rehearsal,
            CallerTeam callerTeam) {
        this.service = service;
        this.launches = launches;
        this.rehearsal = rehearsal;
        this.callerTeam = callerTeam;
    }

    @POST
    @APIResponse(responseCode = "200", description = "The op finished within the wait bound (wait_for_completion). "
            + "With \"dry_run\": true (extension) the 200 body is a BulkImportDryRunResponse instead.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BulkImportResponse.class)))
    @APIResponse(responseCode = "202", description = "Every connection is durably enqueued; the lists hold what "
            + "has finished so far. A repeat with the same Idempotency-Key also carries Idempotent-Replayed: true.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BulkImportResponse.class)))
    public Uni<Response> bulkImport(@Valid @NotNull BulkImportRequest body,
            @HeaderParam(IdempotencyKeyHeader.NAME) String idempotencyKey,
            @HeaderParam(IdempotencyKeyHeader.JUNCTION_NAME) String junctionIdempotencyKey) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        ConnectionRecipeValidation.requireValid(body.connections());
        String key = IdempotencyKeyHeader.of(idempotencyKey, junctionIdempotencyKey);
        Provider provider = Provider.fromSlug(body.provider()).orElseThrow();
        if (Boolean.TRUE.equals(body.dryRun())) {
            // Starts nothing, so there is nothing for an idempotency key to hold.
            return rehearsal.rehearse(callerTeam.id(), provider, body.connections())
                    .map(rehearsed -> Response.ok(DryRunResponse.of(rehearsed)).build());
        }
        boolean wait = Boolean.TRUE.equals(body.waitForCompletion());
        byte[] fingerprint = key == null ? null : RequestFingerprint.ofImport(provider, body.connections(), wait);
        return launches.launch(callerTeam.id(), key, fingerprint, wait,
                        opId -> service.importConnections(opId, callerTeam.id(), provider, body.connections(), wait))
                .map(launched -> IdempotencyKeyHeader.answer(launched, wait));
    }
}
