package io.linkops.service;

/** A webhook URL linkops will not call; the message says why (422 on {@code url}). */
public class InvalidWebhookUrlException extends RuntimeException {

    public InvalidWebhookUrlException(String detail) {
        super(detail, null, false, false);
    }
}
