package io.linkops.rest.link;

import io.linkops.domain.ItemFailure;
import io.linkops.service.Rehearsal;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer of a {@code bulk_import} with {@code "dry_run": true} (extension): what the import would do now.
 * {@code verification} says when the provider would still check the tokens (null when it would not).
 */
@Schema(name = "BulkImportDryRunResponse", description = "Extension: what a bulk import would do now.")
public record DryRunResponse(
        @Schema(required = true, constValue = "true") boolean dryRun,
        @Schema(required = true) List<UUID> userIdsImported,
        @Schema(required = true) List<UUID> userIdsFailed,
        @Schema(required = true) List<BulkOpDetailResponse.Failure> failures,
        @Schema(required = true, nullable = true, description = "When the provider would still check the tokens; "
                + "null when it would not.") String verification) {

    static final String VERIFICATION_NOT_RUN = "not_run: under this provider's verification policy the import "
            + "refreshes each connection once at the provider, which may still refuse some tokens; a dry run does not "
            + "spend them.";

    static DryRunResponse of(Rehearsal rehearsal) {
        return new DryRunResponse(true, rehearsal.imported(),
                rehearsal.failures().stream().map(ItemFailure::userId).toList(),
                rehearsal.failures().stream().map(failure -> new BulkOpDetailResponse.Failure(failure.userId(),
                        failure.reason().name(), failure.message())).toList(),
                rehearsal.verificationSkipped() ? VERIFICATION_NOT_RUN : null);
    }
}
