package io.linkops.rest.error;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The documented shape of a 422, FastAPI's: every problem with where it is. */
@Schema(name = "HTTPValidationError")
public record ValidationErrorBody(List<ValidationProblem> detail) {
}
