package io.linkops.rest.admin;

import io.linkops.domain.KeyReencryption;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A re-encryption run as the operator API shows it. */
@Schema(name = "Reencryption", description = "(extension) A run re-sealing stored secrets with the active key.")
public record ReencryptionResponse(
        UUID id,
        @Schema(description = "The key every value is re-sealed with.") String targetKeyId,
        @Schema(enumeration = {"running", "done"}) String status,
        @Schema(description = "The table it is in while running.", nullable = true) String table,
        @Schema(description = "Values re-sealed so far.") long resealed,
        Instant startedAt,
        @Schema(nullable = true) Instant finishedAt) {

    static ReencryptionResponse of(KeyReencryption run) {
        return new ReencryptionResponse(run.id(), run.targetKeyId(), run.running() ? "running" : "done",
                run.tableName(), run.resealed(), run.startedAt(), run.finishedAt());
    }
}
