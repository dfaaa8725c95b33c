package io.linkops.service;

import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.CompletedOperation;
import io.linkops.domain.FailureReason;
import io.linkops.repository.BulkOperationRepository;
import io.linkops.repository.OpProgressRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code POST /v2/link/bulk_op/{id}/cancel}: ends a team's op as {@code aborted}, its unapplied items
 * {@code cancelled}, and wakes its waiters on every replica.
 */
@ApplicationScoped
public class BulkOperationCanceller {

    private static final Logger LOG = Logger.getLogger(BulkOperationCanceller.class);

    private final OpProgressRepository progress;
    private final BulkOperationRepository operations;
    private final OpAnnouncer announcer;
    private final OpMetrics metrics;

    public BulkOperationCanceller(OpProgressRepository progress, BulkOperationRepository operations,
            OpAnnouncer announcer, OpMetrics metrics) {
        this.progress = progress;
        this.operations = operations;
        this.announcer = announcer;
        this.metrics = metrics;
    }

    /** Answers the op as it stands after the cancel. */
    public Uni<BulkOperation> cancel(UUID teamId, UUID opId) {
        return progress.cancel(teamId, opId, FailureReason.cancelled.message())
                .onItem().ifNull().failWith(() -> new ResourceNotFoundException("Bulk operation not found."))
                .chain(cancellation -> {
                    if (!cancellation.cancelledNow()) {
                        return Uni.createFrom().failure(new OpAlreadyEndedException(cancellation.status()));
                    }
                    return operations.findInTeam(teamId, opId).call(op -> {
                        LOG.infof("op %s (%s): cancelled by team %s; %d items not applied", opId, op.type(), teamId,
                                cancellation.cancelledItems());
                        metrics.cancelled(op, cancellation.cancelledItems());
                        // The op has ended whatever the announcement does: a replica that misses it answers its
                        // waiter at the bound, with the op's state as stored.
                        return announcer.announce(new CompletedOperation(opId, teamId, BulkOpStatus.aborted))
                                .onFailure().recoverWithNull();
                    });
                });
    }
}
