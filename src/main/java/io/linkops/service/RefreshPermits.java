package io.linkops.service;

import io.linkops.domain.Provider;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The bounds on concurrent token-endpoint calls of one worker: in all, per provider and per team credential. Permits
 * are taken in that fixed order (credential, provider, all), so waiting callers can never hold each other up in a
 * cycle, and given back however the call ends.
 */
final class RefreshPermits {

    private final AsyncPermits all;
    private final int perProvider;
    private final int perCredential;
    private final Map<Provider, AsyncPermits> providers = new ConcurrentHashMap<>();
    private final Map<UUID, AsyncPermits> credentials = new ConcurrentHashMap<>();

    RefreshPermits(int all, int perProvider, int perCredential) {
        this.all = new AsyncPermits(all);
        this.perProvider = perProvider;
        this.perCredential = perCredential;
    }

    <T> Uni<T> withPermits(Provider provider, UUID credentialId, Supplier<Uni<? extends T>> call) {
        AsyncPermits credential = credentials.computeIfAbsent(credentialId, id -> new AsyncPermits(perCredential));
        AsyncPermits ofProvider = providers.computeIfAbsent(provider, p -> new AsyncPermits(perProvider));
        return credential.acquire()
                .chain(() -> ofProvider.acquire())
                .chain(() -> all.acquire())
                .chain(() -> Uni.createFrom().deferred(call)
                        .onTermination().invoke(() -> {
                            all.release();
                            ofProvider.release();
                            credential.release();
                        }));
    }

    int inUse() {
        return all.inUse();
    }
}
