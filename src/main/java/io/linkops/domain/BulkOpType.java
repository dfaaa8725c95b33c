package io.linkops.domain;

/** The kinds of bulk operation, by their wire names. */
public enum BulkOpType {
    link_bulk_import,
    link_bulk_historical_trigger
}
