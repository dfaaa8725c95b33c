package io.linkops.messaging;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Headers on every import record. They repeat the item's identity outside the payload, so a record whose payload
 * cannot be read can still be recorded as a failed item of its op instead of stalling it.
 */
public final class OpRecordHeaders {

    public static final String OP_ID = "linkops-op-id";
    public static final String ITEM_INDEX = "linkops-item-index";
    public static final String USER_ID = "linkops-user-id";

    private OpRecordHeaders() {
    }

    /** A header's value as text, or null when the record lacks it. */
    static String text(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
