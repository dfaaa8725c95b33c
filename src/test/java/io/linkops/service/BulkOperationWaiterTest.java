package io.linkops.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BulkOperationWaiterTest {

    private final BulkOperationWaiter waiter = new BulkOperationWaiter(new SimpleMeterRegistry());

    @Test
    void aBoundUsedUpByTheEnqueueAnswersNotYetInsteadOfFailing() {
        UUID opId = UUID.randomUUID();
        CompletableFuture<Void> completion = waiter.register(opId);

        assertFalse(waiter.await(opId, completion, Duration.ZERO).await().atMost(Duration.ofSeconds(1)));
        assertEquals(0, waiter.pendingCount());
    }

    @Test
    void aNegativeBoundAnswersNotYetToo() {
        UUID opId = UUID.randomUUID();
        CompletableFuture<Void> completion = waiter.register(opId);

        assertFalse(waiter.await(opId, completion, Duration.ofMillis(-5)).await().atMost(Duration.ofSeconds(1)));
        assertEquals(0, waiter.pendingCount());
    }

    @Test
    void anOpThatCompletedBeforeTheBoundRanOutCountsAsCompleted() {
        UUID opId = UUID.randomUUID();
        CompletableFuture<Void> completion = waiter.register(opId);
        waiter.complete(opId);

        assertTrue(waiter.await(opId, completion, Duration.ZERO).await().atMost(Duration.ofSeconds(1)));
    }

    @Test
    void answersWhenTheCompletionArrivesWithinTheBound() {
        UUID opId = UUID.randomUUID();
        CompletableFuture<Void> completion = waiter.register(opId);
        CompletableFuture.runAsync(() -> waiter.complete(opId));

        assertTrue(waiter.await(opId, completion, Duration.ofSeconds(5)).await().atMost(Duration.ofSeconds(6)));
        assertEquals(0, waiter.pendingCount());
    }

    @Test
    void answersNotYetWhenTheBoundPassesFirstAndForgetsTheWaiter() {
        UUID opId = UUID.randomUUID();
        CompletableFuture<Void> completion = waiter.register(opId);

        assertFalse(waiter.await(opId, completion, Duration.ofMillis(50)).await().atMost(Duration.ofSeconds(5)));
        assertEquals(0, waiter.pendingCount());
    }

    @Test
    void twoRequestsWaitingForOneOpBothWakeAndOneLeavingDoesNotDropTheOther() {
        UUID opId = UUID.randomUUID();
        CompletableFuture<Void> first = waiter.register(opId);
        CompletableFuture<Void> leaving = waiter.register(opId);
        CompletableFuture<Void> repeat = waiter.register(opId);
        assertEquals(3, waiter.pendingCount());

        waiter.forget(opId, leaving);
        assertEquals(2, waiter.pendingCount());
        waiter.complete(opId);

        assertTrue(first.isDone() && repeat.isDone());
        assertFalse(leaving.isDone());
        assertEquals(0, waiter.pendingCount());
    }
}
