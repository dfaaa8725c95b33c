package io.linkops.service;

import io.linkops.domain.BulkOpType;
import io.smallrye.mutiny.Uni;
import java.util.Map;

/** How far the workers of an op type have got: per partition of its work topic, the next offset they will read. */
public interface WorkProgress {

    Uni<Map<Integer, Long>> committedOffsets(BulkOpType type);
}
