package io.linkops.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduledRoundsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ScheduledRounds rounds = new ScheduledRounds(metrics);

    @Test
    void aFailedRoundEndsNormallyAndIsCountedUnderItsTask() {
        rounds.run("token-refresh", () -> Uni.createFrom().failure(new IllegalStateException("pool closed")))
                .await().atMost(DEADLINE);

        assertEquals(1.0, failures("token-refresh"));
        assertEquals(0.0, failures("connection-event-relay"));
    }

    @Test
    void aRoundThatThrowsBeforeReturningItsUniIsCountedToo() {
        rounds.run("unconfirmed-op-sweep", () -> {
            throw new IllegalStateException("no connection");
        }).await().atMost(DEADLINE);

        assertEquals(1.0, failures("unconfirmed-op-sweep"));
    }

    @Test
    void aSuccessfulRoundCountsNoFailure() {
        rounds.run("historical-pull-dispatch", () -> Uni.createFrom().item(3)).await().atMost(DEADLINE);

        assertEquals(0.0, failures("historical-pull-dispatch"));
    }

    private double failures(String task) {
        return metrics.counter("linkops.worker.rounds.failed", "task", task).count();
    }
}
