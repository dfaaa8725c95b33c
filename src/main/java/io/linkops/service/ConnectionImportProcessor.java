package io.linkops.service;

import io.linkops.domain.BulkOpType;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.CompletedOperation;
import io.linkops.domain.ConnectionWrite;
import io.linkops.domain.FailureReason;
import io.linkops.domain.ImportItem;
import io.linkops.domain.ItemOutcome;
import io.linkops.domain.TeamCredential;
import io.linkops.domain.UnreadableItem;
import io.linkops.repository.BatchRecorded;
import io.linkops.repository.ConnectionImportRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Binds imported connections to the team's credential and records every item's outcome, through the recorder
 * every worker shares (which isolates failures to their item).
 */
@ApplicationScoped
public class ConnectionImportProcessor {

    private final OpBatchRecorder recorder;
    private final ConnectionImportRepository imports;
    private final ImportVerifier verifier;

    public ConnectionImportProcessor(OpBatchRecorder recorder, ConnectionImportRepository imports,
            ImportVerifier verifier) {
        this.recorder = recorder;
        this.imports = imports;
        this.verifier = verifier;
    }

    /** Processes a batch; answers the ops that are terminal afterwards, to be announced. */
    public Uni<List<CompletedOperation>> process(List<ImportItem> batch, List<UnreadableItem> unreadable) {
        return recorder.process(BulkOpType.link_bulk_import, batch, unreadable, this::record);
    }

    private Uni<BatchRecorded> record(BulkOperation op, List<ImportItem> items) {
        List<UUID> userIds = items.stream().map(ImportItem::userId).toList();
        List<String> providerUserIds = items.stream().map(ImportItem::providerUserId).toList();
        return imports.clientUserIds(op.teamId(), userIds)
                .chain(users -> imports.credential(op.teamId(), op.provider())
                        .chain(credential -> imports.ownersOf(op.teamId(), op.provider(), providerUserIds)
                                .chain(owners -> decide(op, items, users, credential, owners))));
    }

    private Uni<BatchRecorded> decide(BulkOperation op, List<ImportItem> items, Map<UUID, String> users,
            TeamCredential credential, Map<String, UUID> owners) {
        UUID credentialId = credential == null ? null : credential.id();
        Map<String, UUID> claimed = new HashMap<>(owners);
        Map<Integer, ItemOutcome> failures = new HashMap<>();
        List<ImportItem> accepted = new ArrayList<>();
        for (ImportItem item : items) {
            FailureReason failure = ImportDecisions.failureOf(item, users.keySet(), credentialId, claimed);
            if (failure == null) {
                claimed.put(item.providerUserId(), item.userId());
                accepted.add(item);
            } else {
                failures.put(item.itemIndex(), ItemOutcome.failed(item.itemIndex(), item.userId(), failure));
            }
        }
        if (accepted.isEmpty() || !verifier.appliesTo(op)) {
            return recordDecided(op, items, credentialId, failures, accepted, users);
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
                            failures.put(item.itemIndex(), ItemOutcome.failed(item.itemIndex(), item.userId(),
                                    verification.failure(), verification.detail()));
                        } else {
                            kept.add(verification.item());
                        }
                    }
                    return recordDecided(op, items, credentialId, failures, kept, users);
                });
    }

    private Uni<BatchRecorded> recordDecided(BulkOperation op, List<ImportItem> items, UUID credentialId,
            Map<Integer, ItemOutcome> failures, List<ImportItem> accepted, Map<UUID, String> clientUserIds) {
        List<ItemOutcome> outcomes = new ArrayList<>(items.size());
        Map<Integer, ConnectionWrite> writes = new HashMap<>();
        for (ImportItem item : accepted) {
            writes.put(item.itemIndex(), item.toWrite());
        }
        for (ImportItem item : items) {
            outcomes.add(failures.getOrDefault(item.itemIndex(), ItemOutcome.succeeded(item.itemIndex(),
                    item.userId())));
        }
        return imports.recordBatch(op.id(), op.teamId(), op.provider(), credentialId, outcomes, writes,
                clientUserIds);
    }
}
