package io.linkops.rest;

import io.linkops.rest.error.ClientUserIdConflict;
import io.linkops.rest.error.ErrorDetail;
import io.linkops.rest.error.OpAlreadyEndedBody;
import io.linkops.rest.error.ValidationErrorBody;
import io.linkops.rest.link.DryRunResponse;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OpenAPI document's frame: the error bodies that {@code ErrorResponsesFilter} attaches to every operation, and
 * the dry-run answer that shares bulk_import's 200, registered here because no signature names them.
 */
@OpenAPIDefinition(info = @Info(title = "linkops", version = "1"), components = @Components(schemas = {
        @Schema(name = "ErrorDetail", implementation = ErrorDetail.class),
        @Schema(name = "HTTPValidationError", implementation = ValidationErrorBody.class),
        @Schema(name = "ClientUserIDConflictResponse", implementation = ClientUserIdConflict.Body.class),
        @Schema(name = "BulkOpAlreadyEnded", implementation = OpAlreadyEndedBody.class),
        @Schema(name = "BulkImportDryRunResponse", implementation = DryRunResponse.class)}))
public final class ApiDocument {

    private ApiDocument() {
    }
}
