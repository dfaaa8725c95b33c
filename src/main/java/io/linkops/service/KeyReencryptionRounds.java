package io.linkops.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The worker role's re-encryption round: a few batches of the running run each second, if there is one. */
@ApplicationScoped
public class KeyReencryptionRounds {

    static final int BATCHES_PER_ROUND = 10;

    private final KeyReencryptionService service;
    private final ScheduledRounds rounds;

    public KeyReencryptionRounds(KeyReencryptionService service, ScheduledRounds rounds) {
        this.service = service;
        this.rounds = rounds;
    }

    @Scheduled(identity = "key-reencryption", every = "1s", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("key-reencryption", this::runOnce);
    }

    /** Up to {@link #BATCHES_PER_ROUND} batches, stopping when the run ends or is not this worker's to move. */
    public Uni<Void> runOnce() {
        return batches(BATCHES_PER_ROUND);
    }

    private Uni<Void> batches(int left) {
        if (left == 0) {
            return Uni.createFrom().voidItem();
        }
        return service.advance().chain(run -> run != null && run.running() ? batches(left - 1)
                : Uni.createFrom().voidItem());
    }
}
