package io.linkops.rest.user;

/** {@code {"success": true}}, Junction's answer to a deletion. */
public record SuccessResponse(boolean success) {

    static final SuccessResponse OK = new SuccessResponse(true);
}
