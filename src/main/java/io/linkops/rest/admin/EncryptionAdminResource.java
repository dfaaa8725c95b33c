package io.linkops.rest.admin;

import io.linkops.service.KeyReencryptionService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Operator API for retiring encryption keys (extension): what each key seals, and re-sealing with the active one. */
@Path("/admin/v1/encryption")
@Produces(MediaType.APPLICATION_JSON)
public class EncryptionAdminResource {

    private final KeyReencryptionService service;

    public EncryptionAdminResource(KeyReencryptionService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "Encryption keys and how many stored values each seals (extension)")
    public Uni<EncryptionStatusResponse> status() {
        return service.status().map(EncryptionStatusResponse::of);
    }

    @POST
    @Path("/reencrypt")
    @Operation(summary = "Re-seal every stored secret with the active key (extension)",
            description = "Starts a run unless one is running and answers it; the worker role carries it out in "
                    + "batches, resuming after a crash. 409 when a run towards another key is running.")
    @APIResponse(responseCode = "202", description = "The running run.",
            content = @Content(schema = @Schema(implementation = ReencryptionResponse.class)))
    public Uni<Response> reencrypt() {
        return service.start().map(run -> Response.accepted(ReencryptionResponse.of(run)).build());
    }
}
