package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.BulkOpType;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.ConnectionRecipe;
import io.linkops.domain.Provider;
import io.linkops.domain.SealedConnection;
import io.linkops.repository.ConnectionImportRepository;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v2/link/bulk_import}: one record per connection, tokens sealed before they leave the request,
 * launched as a bulk op.
 */
@ApplicationScoped
public class BulkImportService {

    private final ConnectionImportRepository imports;
    private final BulkOperationLauncher launcher;
    private final OpEnqueuer enqueuer;
    private final SecretCipher cipher;
    private final LinkopsConfig config;

    public BulkImportService(ConnectionImportRepository imports, BulkOperationLauncher launcher, OpEnqueuer enqueuer,
            SecretCipher cipher, LinkopsConfig config) {
        this.imports = imports;
        this.launcher = launcher;
        this.enqueuer = enqueuer;
        this.cipher = cipher;
        this.config = config;
    }

    public Uni<BulkOperationView> importConnections(UUID opId, UUID teamId, Provider provider,
            List<ConnectionRecipe> connections, boolean waitForCompletion) {
        int limit = config.bulkImport().maxConnections();
        if (connections.size() > limit) {
            return Uni.createFrom().failure(new RequestTooLargeException("A bulk import carries at most " + limit
                    + " connections; this one has " + connections.size() + ". Split it into several requests."));
        }
        BulkOperation op = new BulkOperation(opId, teamId, BulkOpType.link_bulk_import, provider,
                BulkOpStatus.in_progress, connections.size(), 0, 0, Timestamps.now(), null);
        // Each record is sealed as it is sent, on the publisher's thread: off the event loop, never all at once.
        return imports.credential(teamId, provider)
                .onItem().ifNull().failWith(() -> new MissingCustomCredentialException(provider))
                .chain(() -> launcher.launch(op, connections.stream().map(ConnectionRecipe::userId).toList(),
                        () -> enqueuer.enqueueImport(op, index -> seal(op, connections.get(index))),
                        waitForCompletion));
    }

    private SealedConnection seal(BulkOperation op, ConnectionRecipe recipe) {
        String provider = op.provider().slug();
        UUID userId = recipe.userId();
        return new SealedConnection(userId, recipe.providerId(),
                cipher.encrypt(recipe.accessToken(),
                        SecretOwner.ofConnection(op.teamId(), userId, provider, "access_token")),
                cipher.encrypt(recipe.refreshToken(),
                        SecretOwner.ofConnection(op.teamId(), userId, provider, "refresh_token")),
                recipe.expiresAt(), recipe.oauthScopes());
    }
}
