package io.linkops.rest.error;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The documented shape of an error answer other than 422: {@code {"detail": "<human readable>"}}. */
@Schema(name = "ErrorDetail")
public record ErrorDetail(@Schema(required = true, example = "No bulk op with that id in your team.") String detail) {
}
