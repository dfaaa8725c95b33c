package io.linkops.service;

import io.linkops.domain.BulkOperation;
import io.linkops.domain.BulkOpCursor;
import io.linkops.repository.BulkOperationRepository;
import io.linkops.domain.FailedItemRow;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Reads a team's bulk operations: the list, one op, the items recorded for it, and its failures. */
@ApplicationScoped
public class BulkOperationQueryService {

    private final BulkOperationRepository operations;

    public BulkOperationQueryService(BulkOperationRepository operations) {
        this.operations = operations;
    }

    public Uni<BulkOperationView> view(UUID teamId, UUID opId) {
        return find(teamId, opId)
                .chain(op -> operations.items(op.id()).map(items -> new BulkOperationView(op, items)));
    }

    /** The team's op, or a 404 failure. */
    public Uni<BulkOperation> find(UUID teamId, UUID opId) {
        return operations.findInTeam(teamId, opId)
                .onItem().ifNull().failWith(() -> new ResourceNotFoundException("Bulk operation not found."));
    }

    /** The op's failed items, streamed; the caller has found the op in the team first. */
    public Multi<FailedItemRow> failures(UUID teamId, UUID opId) {
        return operations.failures(teamId, opId);
    }

    /** One page plus one op more, so the caller knows whether another page follows. */
    public Uni<List<BulkOperation>> page(UUID teamId, BulkOpCursor after, int pageSize) {
        return operations.pageInTeam(teamId, after, pageSize + 1);
    }
}
