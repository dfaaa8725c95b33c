package io.linkops.service;

import io.linkops.domain.BulkOperation;
import io.linkops.domain.CompletedOperation;
import io.linkops.domain.ConnectionWrite;
import io.linkops.domain.FailureReason;
import io.linkops.domain.ImportItem;
import io.linkops.domain.ItemOutcome;
import io.linkops.domain.TeamCredential;
import io.linkops.repository.BatchRecorded;
import io.linkops.repository.BulkOperationRepository;
import io.linkops.repository.ConnectionImportRepository;
import io.linkops.repository.TransientFailure;
import io.linkops.repository.UniqueViolation;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Binds imported connections to the team's credential and records every item's outcome. A database outage is
 * retried until it passes; a batch that fails for any other reason is split until the failing item stands alone,
 * and that item is recorded as failed ({@code unknown}) so it never stalls its partition or its op.
 */
@ApplicationScoped
public class ConnectionImportProcessor {

    private static final Logger LOG = Logger.getLogger(ConnectionImportProcessor.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final BulkOperationRepository operations;
    private final ConnectionImportRepository imports;
    private final ImportVerifier verifier;
    private final OpMetrics metrics;

    public ConnectionImportProcessor(BulkOperationRepository operations, ConnectionImportRepository imports,
            ImportVerifier verifier, OpMetrics metrics) {
        this.operations = operations;
        this.imports = imports;
        this.verifier = verifier;
        this.metrics = metrics;
    }

    /** Processes a batch; answers the ops that are terminal afterwards, to be announced. */
    public Uni<List<CompletedOperation>> process(List<ImportItem> batch) {
        Map<UUID, List<ImportItem>> byOp = new LinkedHashMap<>();
        for (ImportItem item : batch) {
            byOp.computeIfAbsent(item.opId(), id -> new ArrayList<>()).add(item);
        }
        return Multi.createFrom().iterable(byOp.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> processOp(entry.getKey(), entry.getValue()))
                .filter(Objects::nonNull)
                .collect().asList();
    }

    private Uni<CompletedOperation> processOp(UUID opId, List<ImportItem> items) {
        return operations.find(opId)
                .chain(op -> {
                    if (op == null) {
                        LOG.warnf("skipping %d import records of unknown op %s", items.size(), opId);
                        return Uni.createFrom().nullItem();
                    }
                    return recordIsolatingFailures(op, items)
                            .map(recorded -> recorded.status().isTerminal()
                                    ? new CompletedOperation(op.id(), op.teamId(), recorded.status())
                                    : null);
                })
                .onFailure(ConnectionImportProcessor::isTemporary).retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF)
                .indefinitely();
    }

    private Uni<BatchRecorded> recordIsolatingFailures(BulkOperation op, List<ImportItem> items) {
        return record(op, items).onFailure(failure -> !isTemporary(failure)).recoverWithUni(failure -> {
            if (items.size() > 1) {
                LOG.warnf("op %s: batch of %d failed (%s); retrying its halves", op.id(), items.size(),
                        failure.getClass().getSimpleName());
                int half = items.size() / 2;
                return recordIsolatingFailures(op, items.subList(0, half))
                        .chain(() -> recordIsolatingFailures(op, items.subList(half, items.size())));
            }
            ImportItem item = items.get(0);
            FailureReason reason = UniqueViolation.isCause(failure) ? FailureReason.duplicate_connection
                    : FailureReason.unknown;
            LOG.errorf("op %s: item %d failed alone (%s), recorded as %s", op.id(), item.itemIndex(),
                    failure.getClass().getSimpleName(), reason);
            return imports.recordBatch(op.id(), op.teamId(), op.provider(), null,
                    List.of(ItemOutcome.failed(item.itemIndex(), item.userId(), reason)), Map.of())
                    .invoke(batch -> metrics.recorded(op, batch));
        });
    }

    private Uni<BatchRecorded> record(BulkOperation op, List<ImportItem> items) {
        List<UUID> userIds = items.stream().filter(item -> !item.poison()).map(ImportItem::userId).toList();
        List<String> providerUserIds = items.stream().filter(item -> !item.poison())
                .map(ImportItem::providerUserId).toList();
        return imports.existingUsers(op.teamId(), userIds)
                .chain(users -> imports.credential(op.teamId(), op.provider())
                        .chain(credential -> imports.ownersOf(op.teamId(), op.provider(), providerUserIds)
                                .chain(owners -> decide(op, items, users, credential, owners))));
    }

    private Uni<BatchRecorded> decide(BulkOperation op, List<ImportItem> items, Set<UUID> users,
            TeamCredential credential, Map<String, UUID> owners) {
        UUID credentialId = credential == null ? null : credential.id();
        Map<String, UUID> claimed = new HashMap<>(owners);
        Map<Integer, FailureReason> failures = new HashMap<>();
        List<ImportItem> accepted = new ArrayList<>();
        for (ImportItem item : items) {
            FailureReason failure = failureOf(op, item, users, credentialId, claimed);
            if (failure == null) {
                claimed.put(item.providerUserId(), item.userId());
                accepted.add(item);
            } else {
                failures.put(item.itemIndex(), failure);
            }
        }
        if (accepted.isEmpty() || !verifier.appliesTo(op)) {
            return recordDecided(op, items, credentialId, failures, accepted);
        }
        // A redelivered item was verified when first recorded: calling the provider again would burn a token.
        return imports.recordedItems(op.id(), accepted.stream().map(ImportItem::itemIndex).toList())
                .chain(recorded -> verifier.verify(op, credential, accepted.stream()
                        .filter(item -> !recorded.contains(item.itemIndex())).toList()))
                .chain(verified -> {
                    List<ImportItem> kept = new ArrayList<>();
                    for (ImportItem item : accepted) {
                        ImportVerifier.Verification verification = verified.get(item.itemIndex());
                        if (verification == null) {
                            kept.add(item);
                        } else if (verification.failure() != null) {
                            failures.put(item.itemIndex(), verification.failure());
                        } else {
                            kept.add(verification.item());
                        }
                    }
                    return recordDecided(op, items, credentialId, failures, kept);
                });
    }

    private Uni<BatchRecorded> recordDecided(BulkOperation op, List<ImportItem> items, UUID credentialId,
            Map<Integer, FailureReason> failures, List<ImportItem> accepted) {
        List<ItemOutcome> outcomes = new ArrayList<>(items.size());
        Map<Integer, ConnectionWrite> writes = new HashMap<>();
        for (ImportItem item : accepted) {
            writes.put(item.itemIndex(), item.toWrite());
        }
        for (ImportItem item : items) {
            FailureReason failure = failures.get(item.itemIndex());
            outcomes.add(failure == null ? ItemOutcome.succeeded(item.itemIndex(), item.userId())
                    : ItemOutcome.failed(item.itemIndex(), item.userId(), failure));
        }
        return imports.recordBatch(op.id(), op.teamId(), op.provider(), credentialId, outcomes, writes)
                .invoke(batch -> metrics.recorded(op, batch));
    }

    private static boolean isTemporary(Throwable failure) {
        return TransientFailure.isCause(failure) || failure instanceof ProviderBusyException;
    }

    private static FailureReason failureOf(BulkOperation op, ImportItem item, Set<UUID> users, UUID credentialId,
            Map<String, UUID> claimed) {
        if (item.poison() || !op.teamId().equals(item.teamId()) || !op.provider().slug().equals(item.provider())) {
            return FailureReason.unknown;
        }
        if (!users.contains(item.userId())) {
            return FailureReason.user_not_found;
        }
        if (credentialId == null) {
            return FailureReason.provider_credential_error;
        }
        UUID owner = claimed.get(item.providerUserId());
        if (owner != null && !owner.equals(item.userId())) {
            return FailureReason.duplicate_connection;
        }
        return null;
    }
}
