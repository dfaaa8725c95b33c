package io.linkops.rest.link;

import io.linkops.domain.ConnectionRecipe;
import io.linkops.domain.Provider;
import io.linkops.rest.error.RequestValidationException;
import io.linkops.rest.error.ValidationProblem;
import io.linkops.security.CallerTeam;
import io.linkops.service.BulkImportService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** {@code POST /v2/link/bulk_import}: 202 once every connection is durably enqueued, 200 if it also finished. */
@Path("/v2/link/bulk_import")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BulkImportResource {

    private final BulkImportService service;
    private final CallerTeam callerTeam;

    public BulkImportResource(BulkImportService service, CallerTeam callerTeam) {
        this.service = service;
        this.callerTeam = callerTeam;
    }

    @POST
    public Uni<Response> bulkImport(@Valid @NotNull BulkImportRequest body) {
        LinkMigrationGuard.requireEnabled(callerTeam);
        rejectDuplicateUsers(body.connections());
        Provider provider = Provider.fromSlug(body.provider()).orElseThrow();
        boolean wait = Boolean.TRUE.equals(body.waitForCompletion());
        return service.importConnections(callerTeam.id(), provider, body.connections(), wait)
                .map(view -> Response.status(view.operation().status().isTerminal() ? 200 : 202)
                        .entity(BulkImportResponse.of(view))
                        .build());
    }

    private static void rejectDuplicateUsers(List<ConnectionRecipe> connections) {
        Set<UUID> seen = new HashSet<>();
        List<ValidationProblem> problems = new ArrayList<>();
        for (int index = 0; index < connections.size(); index++) {
            if (!seen.add(connections.get(index).userId())) {
                problems.add(ValidationProblem.at(List.of("body", "connections", index, "user_id"),
                        "Each user_id may appear only once per request", "value_error"));
            }
        }
        if (!problems.isEmpty()) {
            throw new RequestValidationException(problems);
        }
    }
}
