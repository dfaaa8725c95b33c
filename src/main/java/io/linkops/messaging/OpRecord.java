package io.linkops.messaging;

import java.util.UUID;

/** One item of a bulk op as published to its work topic; its identity also travels in the record's headers. */
public interface OpRecord {

    int itemIndex();

    UUID userId();
}
