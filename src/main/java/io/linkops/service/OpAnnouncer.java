package io.linkops.service;

import io.linkops.domain.CompletedOperation;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Tells every API replica that ops have ended, so their waiters answer. */
public interface OpAnnouncer {

    /** Wakes waiters of the op in this process at once, and tells the other replicas. */
    Uni<Void> announce(CompletedOperation op);

    Uni<Void> announceAll(List<CompletedOperation> ops);
}
