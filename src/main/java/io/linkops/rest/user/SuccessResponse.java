package io.linkops.rest.user;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"success": true}}, Junction's answer to a deletion. */
@Schema(name = "UserSuccessResponse")
public record SuccessResponse(@Schema(required = true) boolean success) {

    static final SuccessResponse OK = new SuccessResponse(true);
}
