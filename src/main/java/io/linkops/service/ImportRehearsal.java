package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.ConnectionRecipe;
import io.linkops.domain.FailureReason;
import io.linkops.domain.ItemFailure;
import io.linkops.domain.Provider;
import io.linkops.repository.ConnectionImportRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code bulk_import} with {@code "dry_run": true}: decides every connection against the team's current state with
 * the workers' own rules (user in the team, provider account not held by another user, the same account twice in
 * the request, a credential to bind to) and answers at once. Nothing is stored or published; tokens are not read.
 */
@ApplicationScoped
public class ImportRehearsal {

    // Ids per lookup: each is an index probe, so chunks only bound one statement's arrays.
    private static final int LOOKUP_CHUNK = 5_000;

    private final ConnectionImportRepository imports;
    private final ImportVerifier verifier;
    private final LinkopsConfig config;

    public ImportRehearsal(ConnectionImportRepository imports, ImportVerifier verifier, LinkopsConfig config) {
        this.imports = imports;
        this.verifier = verifier;
        this.config = config;
    }

    public Uni<Rehearsal> rehearse(UUID teamId, Provider provider, List<ConnectionRecipe> connections) {
        int limit = config.bulkImport().maxConnections();
        if (connections.size() > limit) {
            return Uni.createFrom().failure(new RequestTooLargeException("A bulk import carries at most " + limit
                    + " connections; this one has " + connections.size() + ". Split it into several requests."));
        }
        Set<UUID> existing = new HashSet<>();
        Map<String, UUID> owners = new HashMap<>();
        return imports.credential(teamId, provider)
                .onItem().ifNull().failWith(() -> new MissingCustomCredentialException(provider))
                .chain(credential -> Multi.createFrom().range(0, (connections.size() + LOOKUP_CHUNK - 1) / LOOKUP_CHUNK)
                        .onItem().transformToUniAndConcatenate(chunk -> {
                            List<ConnectionRecipe> part = connections.subList(chunk * LOOKUP_CHUNK,
                                    Math.min(connections.size(), (chunk + 1) * LOOKUP_CHUNK));
                            return imports.clientUserIds(teamId, part.stream().map(ConnectionRecipe::userId).toList())
                                    .invoke(users -> existing.addAll(users.keySet()))
                                    .chain(() -> imports.ownersOf(teamId, provider,
                                            part.stream().map(ConnectionRecipe::providerId).toList()))
                                    .invoke(owners::putAll);
                        })
                        .collect().last()
                        .map(ignored -> decide(connections, existing, credential.id(), owners,
                                verifier.appliesTo(provider))));
    }

    /** In item order, as one worker batch decides: the first item naming a provider account claims it. */
    static Rehearsal decide(List<ConnectionRecipe> connections, Set<UUID> existing, UUID credentialId,
            Map<String, UUID> owners, boolean verified) {
        Map<String, UUID> claimed = new HashMap<>(owners);
        List<UUID> imported = new ArrayList<>();
        List<ItemFailure> failures = new ArrayList<>();
        for (ConnectionRecipe recipe : connections) {
            FailureReason failure = ImportDecisions.failureOf(recipe.userId(), recipe.providerId(), existing,
                    credentialId, claimed);
            if (failure == null) {
                claimed.put(recipe.providerId(), recipe.userId());
                imported.add(recipe.userId());
            } else {
                failures.add(new ItemFailure(recipe.userId(), failure, failure.message()));
            }
        }
        return new Rehearsal(imported, failures, verified && !imported.isEmpty());
    }
}
