package io.linkops.rest.link;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.Provider;
import io.linkops.rest.error.RequestValidationException;
import io.linkops.security.CallerTeam;
import io.linkops.service.BulkExportService;
import io.linkops.service.RequestTooLargeException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code POST /v2/link/bulk_export} and {@code POST /v2/link/bulk_pause}, scoped to the caller's team. */
@Path("/v2/link")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BulkExportResource {

    private final BulkExportService service;
    private final CallerTeam callerTeam;
    private final int maxUsers;

    public BulkExportResource(BulkExportService service, CallerTeam callerTeam, LinkopsConfig config) {
        this.service = service;
        this.callerTeam = callerTeam;
        this.maxUsers = config.bulkImport().maxConnections();
    }

    @POST
    @Path("/bulk_export")
    public Uni<BulkExportResponse> export(@Valid @NotNull BulkExportRequest body) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        Provider provider = Provider.fromSlug(body.provider()).orElseThrow();
        UUID after = ExportTokens.decode(body.nextToken(), provider);
        List<UUID> users = body.userIds() == null ? null : requireWithinLimit(body.userIds());
        return service.export(callerTeam.id(), provider, users, after)
                .map(page -> new BulkExportResponse(page.connections(),
                        page.continueAfter() == null ? null : ExportTokens.encode(provider, page.continueAfter())));
    }

    @POST
    @Path("/bulk_pause")
    public Uni<Map<String, Object>> pause(@Valid @NotNull BulkPauseRequest body) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        Provider provider = Provider.fromSlug(body.provider()).orElseThrow();
        return service.pause(callerTeam.id(), provider, requireWithinLimit(body.userIds())).map(ignored -> Map.of());
    }

    /** The named users once each; a null entry is a 422 at its place, too many a 413. */
    private List<UUID> requireWithinLimit(List<UUID> userIds) {
        if (userIds.size() > maxUsers) {
            throw new RequestTooLargeException("A bulk request names at most " + maxUsers + " users; this one names "
                    + userIds.size() + ".");
        }
        int missing = userIds.indexOf(null);
        if (missing >= 0) {
            throw RequestValidationException.of(List.of("body", "user_ids", missing), "Field required", "missing");
        }
        return List.copyOf(new LinkedHashSet<>(userIds));
    }
}
