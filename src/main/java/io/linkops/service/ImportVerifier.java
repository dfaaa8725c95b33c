package io.linkops.service;

import io.linkops.client.RefreshRequest;
import io.linkops.client.TokenRefreshAdapters;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.FailureReason;
import io.linkops.domain.ImportItem;
import io.linkops.domain.RefreshResult;
import io.linkops.domain.TeamCredential;
import io.linkops.domain.TokenPair;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code refresh} verification policy: each imported connection is refreshed once with the team's own client,
 * so a token issued to another OAuth client fails at import ({@code provider_credential_error}) instead of later.
 * The rotated pair replaces the submitted one. A provider asking to back off retries the whole batch later.
 */
@ApplicationScoped
public class ImportVerifier {

    private static final int CONCURRENT_CALLS = 4;

    private final TokenRefreshAdapters adapters;
    private final SecretCipher cipher;
    private final LinkopsConfig config;

    public ImportVerifier(TokenRefreshAdapters adapters, SecretCipher cipher, LinkopsConfig config) {
        this.adapters = adapters;
        this.cipher = cipher;
        this.config = config;
    }

    public boolean appliesTo(BulkOperation op) {
        LinkopsConfig.ProviderSettings settings = config.providers().get(op.provider().slug());
        return settings != null && settings.verification() == LinkopsConfig.VerificationPolicy.refresh
                && adapters.endpointOf(op.provider()).isPresent();
    }

    /** Per item index: the verified item (tokens possibly rotated), or the reason it failed. */
    public Uni<Map<Integer, Verification>> verify(BulkOperation op, TeamCredential credential, List<ImportItem> items) {
        TokenRefreshAdapters.Endpoint endpoint = adapters.endpointOf(op.provider()).orElseThrow();
        String secret = cipher.decrypt(credential.sealedClientSecret(),
                SecretOwner.ofCredential(op.teamId(), op.provider().slug()));
        return Multi.createFrom().iterable(items)
                .onItem().transformToUni(item -> endpoint.adapter().refresh(new RefreshRequest(endpoint.tokenUrl(),
                                credential.clientId(), secret, refreshTokenOf(op, item), endpoint.basicAuthentication()))
                        .map(result -> Map.entry(item.itemIndex(), verificationOf(op, item, result))))
                .merge(CONCURRENT_CALLS)
                .collect().in(HashMap::new, (verified, entry) -> verified.put(entry.getKey(), entry.getValue()));
    }

    private String refreshTokenOf(BulkOperation op, ImportItem item) {
        return cipher.decrypt(item.sealedRefreshToken(),
                SecretOwner.ofConnection(op.teamId(), item.userId(), op.provider().slug(), "refresh_token"));
    }

    private Verification verificationOf(BulkOperation op, ImportItem item, RefreshResult result) {
        if (result instanceof RefreshResult.Refreshed refreshed) {
            TokenPair tokens = refreshed.tokens();
            String provider = op.provider().slug();
            return new Verification(new ImportItem(item.opId(), item.itemIndex(), item.userId(), item.teamId(),
                    item.provider(), item.providerUserId(),
                    cipher.encrypt(tokens.accessToken(),
                            SecretOwner.ofConnection(op.teamId(), item.userId(), provider, "access_token")),
                    cipher.encrypt(tokens.refreshToken(),
                            SecretOwner.ofConnection(op.teamId(), item.userId(), provider, "refresh_token")),
                    tokens.expiresAt(), item.oauthScopesJson(), false), null);
        }
        if (result instanceof RefreshResult.Rejected rejected) {
            return new Verification(item, rejected.reason());
        }
        if (result instanceof RefreshResult.Unusable) {
            return new Verification(item, FailureReason.token_refresh_failed);
        }
        throw new ProviderBusyException(((RefreshResult.RetryLater) result).cause());
    }

    /** An item after verification: the (possibly rotated) item, or the reason it failed. */
    public record Verification(ImportItem item, FailureReason failure) {
    }
}
