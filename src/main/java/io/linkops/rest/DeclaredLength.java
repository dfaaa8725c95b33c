package io.linkops.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.OptionalLong;

/** The body length a request declares in Content-Length; empty when it sends none or one that is not a number. */
final class DeclaredLength {

    private DeclaredLength() {
    }

    static OptionalLong of(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(length.trim()));
        } catch (NumberFormatException malformed) {
            return OptionalLong.empty();
        }
    }
}
