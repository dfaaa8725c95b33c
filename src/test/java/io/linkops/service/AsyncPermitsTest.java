package io.linkops.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.domain.Provider;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsyncPermitsTest {

    @Test
    void callersBeyondTheBoundWaitInLineAndAreLetInAsPermitsComeBack() {
        AsyncPermits permits = new AsyncPermits(2);
        List<Integer> admitted = new ArrayList<>();
        for (int caller = 0; caller < 4; caller++) {
            int id = caller;
            permits.acquire().subscribe().with(ignored -> admitted.add(id));
        }

        assertEquals(List.of(0, 1), admitted);
        assertEquals(2, permits.waiting());
        permits.release();
        assertEquals(List.of(0, 1, 2), admitted);
        permits.release();
        permits.release();
        assertEquals(List.of(0, 1, 2, 3), admitted);
        assertEquals(1, permits.inUse());
        permits.release();
        assertEquals(0, permits.inUse());
        assertThrows(IllegalStateException.class, permits::release);
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AsyncPermits(0));
    }

    @Test
    void oneCredentialAtItsBoundDoesNotHoldBackAnotherOfTheSameProvider() {
        RefreshPermits permits = new RefreshPermits(10, 10, 2);
        UUID busy = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        List<UniEmitter<? super String>> calls = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        for (int call = 0; call < 5; call++) {
            permits.<String>withPermits(Provider.FITBIT, busy, () -> Uni.createFrom().emitter(calls::add))
                    .subscribe().with(ignored -> finished.incrementAndGet());
        }
        permits.<String>withPermits(Provider.FITBIT, other, () -> Uni.createFrom().emitter(calls::add))
                .subscribe().with(ignored -> finished.incrementAndGet());

        assertEquals(3, calls.size(), "two calls of the busy credential and the other credential's call started");
        assertEquals(3, permits.inUse());
        calls.get(2).complete("other");
        assertEquals(1, finished.get());
        calls.get(0).complete("busy");
        assertEquals(4, calls.size(), "the busy credential's third call took the freed permit");
        assertEquals(2, permits.inUse());
    }

    @Test
    void theBoundInAllHoldsAcrossProvidersAndAFailedCallGivesItsPermitsBack() {
        RefreshPermits permits = new RefreshPermits(2, 10, 10);
        List<UniEmitter<? super String>> calls = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (Provider provider : List.of(Provider.FITBIT, Provider.OURA, Provider.WHOOP_V2)) {
            permits.<String>withPermits(provider, UUID.randomUUID(), () -> Uni.createFrom().emitter(calls::add))
                    .subscribe().with(ignored -> { }, failures::add);
        }

        assertEquals(2, calls.size());
        calls.get(0).fail(new IllegalStateException("provider unreachable"));
        assertEquals(1, failures.size());
        assertEquals(3, calls.size(), "the failed call's permit went to the waiting one");
        assertTrue(permits.inUse() <= 2);
    }
}
