package io.linkops.rest.error;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Adds to every operation of the OpenAPI document the error answers it can give, each with its body, from the rules
 * the exception mappers and request guards follow; an answer an endpoint documents with a body itself is left as it is.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ErrorResponsesFilter implements OASFilter {

    private static final String DETAIL = "ErrorDetail";
    private static final String VALIDATION = "HTTPValidationError";
    private static final String BULK_IMPORT = "/v2/link/bulk_import";
    private static final String HISTORICAL_PULL = "/v2/link/bulk_trigger_historical_pull";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> document(path, method, operation)));
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        Map<String, APIResponse> errors = errorsOf(path, method);
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        errors.forEach((code, response) -> {
            APIResponse documented = operation.getResponses().getAPIResponse(code);
            // Quarkus documents a 400 without a body for every validated parameter; ours says what comes back.
            if (documented == null || documented.getContent() == null) {
                operation.getResponses().addAPIResponse(code, response);
            }
        });
    }

    static Map<String, APIResponse> errorsOf(String path, PathItem.HttpMethod method) {
        Map<String, APIResponse> errors = new LinkedHashMap<>();
        boolean team = path.startsWith("/v2/");
        boolean operator = path.startsWith("/admin/");
        if (!team && !operator) {
            return errors;
        }
        if (path.equals("/v2/user") && method == PathItem.HttpMethod.POST) {
            errors.put("400", answer("The client_user_id is already used in the team; detail names that user.",
                    "ClientUserIDConflictResponse"));
        }
        if (path.equals(BULK_IMPORT) || path.equals(HISTORICAL_PULL)) {
            errors.put("400", answer("The team has no custom OAuth credential for the provider; nothing was started.",
                    DETAIL));
        }
        errors.put("401", answer(team ? "Missing or unknown x-vital-api-key." : "Missing or wrong x-admin-key.",
                DETAIL));
        if (path.startsWith("/v2/link/")) {
            errors.put("403", answer("Link Migration is not enabled for the team, or team_id names another team.",
                    DETAIL));
        }
        if (path.contains("{")) {
            errors.put("404", answer("Nothing with that id in the caller's team.", DETAIL));
        }
        if (path.endsWith("/cancel")) {
            errors.put("409", answer("The op has already ended; status says how.", "BulkOpAlreadyEnded"));
        }
        if (path.equals(BULK_IMPORT) || path.equals(HISTORICAL_PULL)) {
            errors.put("409", answer("Extension: a request with the same Idempotency-Key is still enqueuing; retry "
                    + "after Retry-After seconds.", DETAIL));
            errors.put("413", answer("More items than the configured limit, or a body over the size limit; the detail "
                    + "states the limit.", DETAIL));
            errors.put("429", answer("Too many ops still open for the team, no room yet for a large body, or the "
                    + "caller is over its request rate; retry after Retry-After seconds. Nothing was started.",
                    DETAIL));
        } else if (path.equals("/v2/link/bulk_export") || path.equals("/v2/link/bulk_pause")) {
            errors.put("413", answer("More user_ids than the configured limit; the detail states it.", DETAIL));
        }
        errors.putIfAbsent("429", answer("The caller is over its request rate (each team, and the operator API, "
                + "have their own on each replica); retry after Retry-After seconds. Nothing was changed.", DETAIL));
        errors.put("422", answer("The request is invalid; each problem says where (loc), what (msg) and its kind "
                + "(type). Token values are never echoed.", VALIDATION));
        errors.put("503", answer("A dependency (PostgreSQL or Kafka) is unavailable, or this replica runs the worker "
                + "role only; nothing was changed. Retry later.", DETAIL));
        return errors;
    }

    private static APIResponse answer(String description, String schema) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(schema))));
    }
}
