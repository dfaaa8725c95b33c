package io.linkops.messaging;

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
}
