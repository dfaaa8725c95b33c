package io.linkops.service;

/** A bulk request over the configured size; the detail states the limit. */
public class RequestTooLargeException extends RuntimeException {

    public RequestTooLargeException(String detail) {
        super(detail, null, false, false);
    }
}
