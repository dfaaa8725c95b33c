package io.linkops.rest.error;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Junction's 400 detail for a {@code client_user_id} already used in the team, naming the existing user. */
@Schema(name = "ClientUserIDConflict")
public record ClientUserIdConflict(
        @Schema(required = true, example = "INVALID_REQUEST") String errorType,
        @Schema(required = true, example = "Client user id already exists.") String errorMessage,
        @Schema(required = true) UUID userId,
        @Schema(required = true) Instant createdOn) {

    /** The whole 400 body. */
    @Schema(name = "ClientUserIDConflictResponse")
    public record Body(@Schema(required = true) ClientUserIdConflict detail) {
    }
}
