package io.linkops.service;

import io.linkops.domain.CompletedOperation;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Tells every API replica that ops have ended, so their waiters answer. */
public interface OpAnnouncer {

    Uni<Void> announceAll(List<CompletedOperation> ops);
}
