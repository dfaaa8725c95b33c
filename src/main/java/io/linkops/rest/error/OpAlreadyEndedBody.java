package io.linkops.rest.error;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 409 of cancelling an op that has already ended: why, and the status it ended with. */
@Schema(name = "BulkOpAlreadyEnded", description = "Extension: the answer to cancelling an op that has ended.")
public record OpAlreadyEndedBody(
        @Schema(required = true) String detail,
        @Schema(required = true, enumeration = {"success", "failure", "aborted"}) String status) {
}
