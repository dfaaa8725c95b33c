package io.linkops.rest.link;

import io.linkops.domain.BulkOperation;
import io.linkops.domain.BulkOpCursor;
import io.linkops.rest.RequestParameters;
import io.linkops.security.CallerTeam;
import io.linkops.service.BulkOperationCanceller;
import io.linkops.service.BulkOperationQueryService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * {@code GET /v2/link/bulk_op}, {@code GET /v2/link/bulk_op/{bulk_op_id}} and (extension)
 * {@code POST /v2/link/bulk_op/{bulk_op_id}/cancel} and {@code GET /v2/link/bulk_op/{bulk_op_id}/failures.csv},
 * scoped to the caller's team.
 */
@Path("/v2/link/bulk_op")
@Produces(MediaType.APPLICATION_JSON)
public class BulkOperationResource {

    private static final int DEFAULT_PAGE_SIZE = 10;
    private static final int MAX_PAGE_SIZE = 50;
    private static final int CSV_LINES_PER_CHUNK = 500;

    private final BulkOperationQueryService service;
    private final BulkOperationCanceller canceller;
    private final CallerTeam callerTeam;

    public BulkOperationResource(BulkOperationQueryService service, BulkOperationCanceller canceller,
            CallerTeam callerTeam) {
        this.service = service;
        this.canceller = canceller;
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
    public Uni<BulkOpResponse> cancel(@PathParam("bulk_op_id") String bulkOpId) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        return canceller.cancel(callerTeam.id(), RequestParameters.uuidPath("bulk_op_id", bulkOpId))
                .map(BulkOpResponse::of);
    }

    /** Every failed item of the op as CSV, streamed as it is read. */
    @GET
    @Path("/{bulk_op_id}/failures.csv")
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
}
