package io.linkops.service;

import io.linkops.client.RefreshRequest;
import io.linkops.client.TokenRefreshAdapters;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.FailureReason;
import io.linkops.domain.ImportItem;
import io.linkops.domain.Provider;
import io.linkops.domain.RefreshResult;
import io.linkops.domain.TeamCredential;
import io.linkops.domain.TokenPair;
import io.linkops.repository.ImportVerificationRepository;
import io.linkops.repository.ImportVerificationRepository.Known;
import io.linkops.repository.ImportVerificationRepository.Refused;
import io.linkops.repository.ImportVerificationRepository.Rotated;
import io.linkops.repository.ImportVerificationRepository.Unanswered;
import io.linkops.repository.TransientFailure;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The {@code refresh} verification policy: each imported connection is refreshed once with the team's own client,
 * so a token issued to another OAuth client fails at import ({@code provider_credential_error}) instead of later.
 * The rotated pair replaces the submitted one. An item is claimed before its call and the answer is kept at once,
 * so no retry, split batch or redelivery sends a refresh token twice; a provider asking to back off on some items
 * retries the batch later, reusing the answers already obtained.
 */
@ApplicationScoped
public class ImportVerifier {

    static final String INTERRUPTED_DETAIL = "Verification was cut short after the token may have been sent to the "
            + "provider; it was not sent again.";
    private static final Logger LOG = Logger.getLogger(ImportVerifier.class);
    private static final int CONCURRENT_CALLS = 4;
    private static final Duration ABANDON_MARGIN = Duration.ofSeconds(30);

    private final TokenRefreshAdapters adapters;
    private final ImportVerificationRepository verifications;
    private final SecretCipher cipher;
    private final LinkopsConfig config;

    public ImportVerifier(TokenRefreshAdapters adapters, ImportVerificationRepository verifications,
            SecretCipher cipher, LinkopsConfig config) {
        this.adapters = adapters;
        this.verifications = verifications;
        this.cipher = cipher;
        this.config = config;
    }

    public boolean appliesTo(BulkOperation op) {
        return appliesTo(op.provider());
    }

    /** Whether imports for the provider are verified at the provider (its policy is {@code refresh}). */
    public boolean appliesTo(Provider provider) {
        LinkopsConfig.ProviderSettings settings = config.providers().get(provider.slug());
        return settings != null && settings.verification() == LinkopsConfig.VerificationPolicy.refresh
                && adapters.endpointOf(provider).isPresent();
    }

    /**
     * Per item index: the verified item (tokens possibly rotated), or the reason it failed. Fails with
     * {@link ProviderBusyException} when some item must be tried later; what was learnt meanwhile is kept.
     */
    public Uni<Map<Integer, Verification>> verify(BulkOperation op, TeamCredential credential, List<ImportItem> items) {
        List<Integer> indexes = items.stream().map(ImportItem::itemIndex).toList();
        return verifications.claim(op.id(), indexes)
                .chain(claimed -> verifications.known(op.id(), indexes)
                        .chain(known -> verifyClaimed(op, credential, items, claimed, known)));
    }

    private Uni<Map<Integer, Verification>> verifyClaimed(BulkOperation op, TeamCredential credential,
            List<ImportItem> items, Set<Integer> claimed, Map<Integer, Known> known) {
        Map<Integer, Verification> verified = new HashMap<>();
        List<ImportItem> toCall = new ArrayList<>();
        boolean busyElsewhere = false;
        Instant abandonedBefore = Instant.now().minus(config.refresher().callTimeout().multipliedBy(2))
                .minus(ABANDON_MARGIN);
        for (ImportItem item : items) {
            Known state = known.get(item.itemIndex());
            if (claimed.contains(item.itemIndex())) {
                toCall.add(item);
            } else if (state instanceof Rotated rotated) {
                verified.put(item.itemIndex(), new Verification(item.withTokens(rotated.sealedAccessToken(),
                        rotated.sealedRefreshToken(), rotated.expiresAt()), null, null));
            } else if (state instanceof Refused refused) {
                verified.put(item.itemIndex(), new Verification(item, refused.reason(), null));
            } else if (state instanceof Unanswered unanswered && unanswered.claimedAt().isBefore(abandonedBefore)) {
                LOG.warnf("op %s: verification of item %d was cut short; recording it as failed without sending "
                        + "its token again", op.id(), item.itemIndex());
                verified.put(item.itemIndex(), new Verification(item, FailureReason.unknown, INTERRUPTED_DETAIL));
            } else {
                busyElsewhere = true;
            }
        }
        boolean waitForOthers = busyElsewhere;
        return call(op, credential, toCall).map(called -> {
            called.forEach((index, verification) -> {
                if (verification != null) {
                    verified.put(index, verification);
                }
            });
            if (waitForOthers || called.containsValue(null)) {
                throw new ProviderBusyException("verification of some items must be tried again later");
            }
            return verified;
        });
    }

    /** Calls the provider for claimed items; a null verification means "try later" (the claim was given back). */
    private Uni<Map<Integer, Verification>> call(BulkOperation op, TeamCredential credential, List<ImportItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        TokenRefreshAdapters.Endpoint endpoint = adapters.endpointOf(op.provider()).orElseThrow();
        String secret = cipher.decrypt(credential.sealedClientSecret(),
                SecretOwner.ofCredential(op.teamId(), op.provider().slug()));
        return Multi.createFrom().iterable(items)
                .onItem().transformToUni(item -> Uni.createFrom().deferred(() -> endpoint.adapter().refresh(
                                new RefreshRequest(endpoint.tokenUrl(), credential.clientId(), secret,
                                        refreshTokenOf(op, item), endpoint.basicAuthentication(),
                                        item.providerUserId())))
                        .chain(result -> keep(op, item, result))
                        .onFailure(failure -> !(failure instanceof ProviderBusyException))
                        .recoverWithUni(failure -> keepUnusable(op, item, failure))
                        .map(verification -> new Indexed(item.itemIndex(), verification)))
                .merge(CONCURRENT_CALLS)
                .collect().in(HashMap::new, (verified, indexed) -> verified.put(indexed.index(),
                        indexed.verification()));
    }

    private Uni<Verification> keep(BulkOperation op, ImportItem item, RefreshResult result) {
        if (result instanceof RefreshResult.Refreshed refreshed) {
            TokenPair tokens = refreshed.tokens();
            String provider = op.provider().slug();
            Rotated rotated = new Rotated(
                    cipher.encrypt(tokens.accessToken(),
                            SecretOwner.ofConnection(op.teamId(), item.userId(), provider, "access_token")),
                    cipher.encrypt(tokens.refreshToken(),
                            SecretOwner.ofConnection(op.teamId(), item.userId(), provider, "refresh_token")),
                    tokens.expiresAt());
            return untilStored(verifications.rotated(op.id(), item.itemIndex(), rotated))
                    .replaceWith(new Verification(item.withTokens(rotated.sealedAccessToken(),
                            rotated.sealedRefreshToken(), rotated.expiresAt()), null, null));
        }
        if (result instanceof RefreshResult.Rejected rejected) {
            return untilStored(verifications.refused(op.id(), item.itemIndex(), rejected.reason()))
                    .replaceWith(new Verification(item, rejected.reason(), null));
        }
        if (result instanceof RefreshResult.Unusable) {
            // The provider answered 200 without a usable pair: the token may be spent, so it is never sent again.
            return untilStored(verifications.refused(op.id(), item.itemIndex(), FailureReason.token_refresh_failed))
                    .replaceWith(new Verification(item, FailureReason.token_refresh_failed, null));
        }
        // Turned away before the token was used (rate limited, unavailable): the claim is given back.
        return untilStored(verifications.release(op.id(), item.itemIndex())).replaceWith((Verification) null);
    }

    /** The item cannot be verified at all (its token does not decrypt, say): it fails, and is never called again. */
    private Uni<Verification> keepUnusable(BulkOperation op, ImportItem item, Throwable failure) {
        LOG.warnf("op %s: item %d cannot be verified (%s)", op.id(), item.itemIndex(),
                failure.getClass().getSimpleName());
        return untilStored(verifications.refused(op.id(), item.itemIndex(), FailureReason.unknown))
                .replaceWith(new Verification(item, FailureReason.unknown, null));
    }

    /** An answer from the provider is worth an outage's wait: losing it could lose the connection. */
    private static Uni<Void> untilStored(Uni<Void> write) {
        return write.onFailure(TransientFailure::isCause).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    private String refreshTokenOf(BulkOperation op, ImportItem item) {
        return cipher.decrypt(item.sealedRefreshToken(),
                SecretOwner.ofConnection(op.teamId(), item.userId(), op.provider().slug(), "refresh_token"));
    }

    /** An item after verification: the (possibly rotated) item, or the reason it failed and, maybe, why. */
    public record Verification(ImportItem item, FailureReason failure, String detail) {
    }

    private record Indexed(int index, Verification verification) {
    }
}
