package io.linkops.rest.link;

import io.linkops.domain.BulkOperation;
import io.linkops.domain.BulkOpCursor;
import io.linkops.rest.RequestParameters;
import io.linkops.security.CallerTeam;
import io.linkops.service.BulkOperationCanceller;
import io.linkops.service.BulkOperationQueryService;
import io.linkops.service.OpProgressStream;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * {@code GET /v2/link/bulk_op}, {@code GET /v2/link/bulk_op/{bulk_op_id}} and (extension)
 * {@code POST /v2/link/bulk_op/{bulk_op_id}/cancel}, {@code GET /v2/link/bulk_op/{bulk_op_id}/failures.csv} and
 * {@code GET /v2/link/bulk_op/{bulk_op_id}/events}, scoped to the caller's team.
 */
@Path("/v2/link/bulk_op")
@Produces(MediaType.APPLICATION_JSON)
public class BulkOperationResource {

    private static final int DEFAULT_PAGE_SIZE = 10;
    private static final int MAX_PAGE_SIZE = 50;
    private static final int CSV_LINES_PER_CHUNK = 500;
    private static final Duration LOOKUP_BOUND = Duration.ofSeconds(10);

    private final BulkOperationQueryService service;
    private final BulkOperationCanceller canceller;
    private final OpProgressStream progress;
    private final CallerTeam callerTeam;

    public BulkOperationResource(BulkOperationQueryService service, BulkOperationCanceller canceller,
            OpProgressStream progress, CallerTeam callerTeam) {
        this.service = service;
        this.canceller = canceller;
        this.progress = progress;
        this.callerTeam = callerTeam;
    }

    @GET
    public Uni<BulkOpPageResponse> list(@QueryParam("next_cursor") String nextCursor,
            @QueryParam("page_size") String pageSize) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        int size = RequestParameters.intQuery("page_size", pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        BulkOpCursor after = BulkOpCursors.decode(nextCursor);
        return service.page(callerTeam.id(), after, size).map(ops -> {
            List<BulkOperation> page = ops.size() > size ? ops.subList(0, size) : ops;
            String next = null;
            if (ops.size() > size) {
                BulkOperation last = page.get(page.size() - 1);
                next = BulkOpCursors.encode(new BulkOpCursor(last.startedAt(), last.id()));
            }
            return new BulkOpPageResponse(page.stream().map(BulkOpResponse::of).toList(), next);
        });
    }

    @GET
    @Path("/{bulk_op_id}")
    public Uni<BulkOpDetailResponse> get(@PathParam("bulk_op_id") String bulkOpId) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        return service.view(callerTeam.id(), RequestParameters.uuidPath("bulk_op_id", bulkOpId))
                .map(BulkOpDetailResponse::of);
    }

    @POST
    @Path("/{bulk_op_id}/cancel")
    @Operation(summary = "Cancel a bulk op (extension)", description = "Ends an op still in progress as aborted: "
            + "its items not applied yet are recorded as cancelled and never applied; items already applied stay. "
            + "An op that has already ended answers 409 with its status and is not changed.")
    public Uni<BulkOpResponse> cancel(@PathParam("bulk_op_id") String bulkOpId) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        return canceller.cancel(callerTeam.id(), RequestParameters.uuidPath("bulk_op_id", bulkOpId))
                .map(BulkOpResponse::of);
    }

    /** Every failed item of the op as CSV, streamed as it is read. */
    @GET
    @Path("/{bulk_op_id}/failures.csv")
    @Operation(summary = "An op's failed items as CSV (extension)", description = "Streamed, in item order: "
            + "user_id,client_user_id,error_type,error_message.")
    @Produces("text/csv")
    public RestMulti<String> failures(@PathParam("bulk_op_id") String bulkOpId) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        UUID opId = RequestParameters.uuidPath("bulk_op_id", bulkOpId);
        UUID teamId = callerTeam.id();
        return RestMulti.fromUniResponse(service.find(teamId, opId),
                op -> Multi.createBy().concatenating().streams(Multi.createFrom().item(FailureCsv.HEADER),
                        service.failures(teamId, opId).map(FailureCsv::line)
                                // Lines go out in chunks, not one write per failed item.
                                .group().intoLists().of(CSV_LINES_PER_CHUNK).map(lines -> String.join("", lines))),
                op -> Map.of("Content-Disposition",
                        List.of("attachment; filename=\"bulk-op-" + opId + "-failures.csv\"")));
    }

    /**
     * The op's progress as Server-Sent Events: its state at once (so a client reconnecting with
     * {@code Last-Event-ID} misses nothing that matters), then each change at most every 500 ms, heartbeats while
     * nothing changes, and a final {@code completed} event before the stream closes.
     */
    @GET
    @Path("/{bulk_op_id}/events")
    @Operation(summary = "An op's live progress as Server-Sent Events (extension)", description = "The op's state "
            + "at once, then progress events {status, processed, pending, failed: {reason: count}, items_per_second, "
            + "eta_seconds} at most every 500 ms while it changes, heartbeat comments, and a final completed event "
            + "{status, processed, failed, failed_by_reason}, after which the stream closes.")
    @APIResponse(responseCode = "200", description = "A text/event-stream of progress and completed events, each "
            + "data line one JSON object.", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(type = SchemaType.STRING,
                            example = "event: progress\ndata: {\"status\":\"in_progress\",\"processed\":500,"
                                    + "\"pending\":1500}\n\n")))
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public RestMulti<OutboundSseEvent> events(@PathParam("bulk_op_id") String bulkOpId, @Context Sse sse) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        UUID opId = RequestParameters.uuidPath("bulk_op_id", bulkOpId);
        // Looked up before the stream starts: an SSE answer's status and headers go out with its first event, so a
        // missing op must fail here to be answered 404. A worker thread waits for the one lookup.
        service.find(callerTeam.id(), opId).await().atMost(LOOKUP_BOUND);
        return RestMulti.fromMultiData(progress.follow(opId).map(update -> OpStreamEvents.of(sse, update)))
                .header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no").build();
    }
}
