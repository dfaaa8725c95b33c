package io.linkops.domain;

import java.util.UUID;

/** One item of a bulk op as a worker received it, read and checked: whose op, which index, which user. */
public interface OpItem {

    UUID opId();

    int itemIndex();

    UUID userId();

    UUID teamId();

    /** The provider slug the record names; the op's own provider is what counts. */
    String provider();
}
