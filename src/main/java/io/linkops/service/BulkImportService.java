package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.BulkOpStatus;
import io.linkops.domain.BulkOpType;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.ConnectionRecipe;
import io.linkops.domain.Provider;
import io.linkops.messaging.ConnectionImportRequested;
import io.linkops.messaging.ImportRecordPublisher;
import io.linkops.repository.BulkOperationRepository;
import io.linkops.repository.ConnectionImportRepository;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * {@code POST /v2/link/bulk_import}: creates the op, publishes one record per connection (tokens sealed first) in a
 * single Kafka transaction, and answers at once or when the op completes within the bound.
 */
@ApplicationScoped
public class BulkImportService {

    private static final Logger LOG = Logger.getLogger(BulkImportService.class);

    private final BulkOperationRepository operations;
    private final ConnectionImportRepository imports;
    private final ImportRecordPublisher publisher;
    private final BulkOperationWaiter waiter;
    private final BulkOperationQueryService queries;
    private final SecretCipher cipher;
    private final LinkopsConfig config;

    public BulkImportService(BulkOperationRepository operations, ConnectionImportRepository imports,
            ImportRecordPublisher publisher, BulkOperationWaiter waiter, BulkOperationQueryService queries,
            SecretCipher cipher, LinkopsConfig config) {
        this.operations = operations;
        this.imports = imports;
        this.publisher = publisher;
        this.waiter = waiter;
        this.queries = queries;
        this.cipher = cipher;
        this.config = config;
    }

    public Uni<BulkOperationView> importConnections(UUID teamId, Provider provider, List<ConnectionRecipe> connections,
            boolean waitForCompletion) {
        int limit = config.bulkImport().maxConnections();
        if (connections.size() > limit) {
            return Uni.createFrom().failure(new RequestTooLargeException("A bulk import carries at most " + limit
                    + " connections; this one has " + connections.size() + ". Split it into several requests."));
        }
        BulkOperation op = new BulkOperation(UUID.randomUUID(), teamId, BulkOpType.link_bulk_import, provider,
                BulkOpStatus.in_progress, connections.size(), 0, 0, Timestamps.now(), null);
        return imports.credentialId(teamId, provider)
                .onItem().ifNull().failWith(() -> new MissingCustomCredentialException(provider))
                .chain(() -> operations.insertUnconfirmed(op))
                .chain(() -> enqueue(op, connections, waitForCompletion));
    }

    private Uni<BulkOperationView> enqueue(BulkOperation op, List<ConnectionRecipe> connections,
            boolean waitForCompletion) {
        CompletableFuture<Void> completion = waitForCompletion ? waiter.register(op.id()) : null;
        // Each record is sealed as it is sent, on the publisher's thread: off the event loop, never all at once.
        return publisher.publish(op.id(), connections.size(), index -> seal(op, index, connections.get(index)))
                .onFailure().call(failure -> {
                    if (completion != null) {
                        waiter.forget(op.id(), completion);
                    }
                    LOG.warnf("op %s: enqueue failed (%s); aborting it", op.id(), failure.getClass().getSimpleName());
                    return operations.abortUnconfirmed(op.id()).onFailure().recoverWithNull();
                })
                .chain(() -> operations.confirmEnqueued(op.id()))
                .invoke(() -> LOG.infof("op %s: %d connections enqueued for team %s", op.id(), op.size(),
                        op.teamId()))
                .chain(() -> completion == null ? Uni.createFrom().voidItem()
                        : waiter.await(op.id(), completion, remainingBound(op)).replaceWithVoid())
                .chain(() -> queries.view(op.teamId(), op.id()));
    }

    private Duration remainingBound(BulkOperation op) {
        Duration elapsed = Duration.between(op.startedAt(), Timestamps.now());
        Duration remaining = config.bulkImport().waitBound().minus(elapsed);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    private ConnectionImportRequested seal(BulkOperation op, int index, ConnectionRecipe recipe) {
        Base64.Encoder base64 = Base64.getEncoder();
        String provider = op.provider().slug();
        UUID userId = recipe.userId();
        byte[] access = cipher.encrypt(recipe.accessToken(),
                SecretOwner.ofConnection(op.teamId(), userId, provider, "access_token"));
        byte[] refresh = cipher.encrypt(recipe.refreshToken(),
                SecretOwner.ofConnection(op.teamId(), userId, provider, "refresh_token"));
        return new ConnectionImportRequested(op.id(), op.teamId(), provider, index, userId, recipe.providerId(),
                base64.encodeToString(access), base64.encodeToString(refresh), recipe.expiresAt(),
                recipe.oauthScopes());
    }
}
