package io.linkops.messaging;

import io.linkops.service.ProducerLeases;
import io.linkops.service.ScheduledRounds;
import io.linkops.service.WorkerRoundsDisabled;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Worker role: every second, takes the producer leases whose holders died, fences their transactional ids (which
 * aborts any transaction they left open) and releases them. A crashed API holds partitions back for about one lease.
 */
@ApplicationScoped
public class ProducerLeaseFencer {

    private static final Logger LOG = Logger.getLogger(ProducerLeaseFencer.class);

    private final ProducerLeases leases;
    private final OpRecordPublisher publisher;
    private final ScheduledRounds rounds;

    public ProducerLeaseFencer(ProducerLeases leases, OpRecordPublisher publisher, ScheduledRounds rounds) {
        this.leases = leases;
        this.publisher = publisher;
        this.rounds = rounds;
    }

    @Scheduled(identity = "producer-fencing", every = "1s", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRound() {
        return rounds.run("producer-fencing", this::fenceExpired);
    }

    /** One round; answers the ids it fenced. */
    public Uni<List<String>> fenceExpired() {
        return leases.takeExpired()
                .onItem().transformToMulti(expired -> Multi.createFrom().iterable(expired))
                .onItem().transformToUniAndConcatenate(id -> publisher.fence(id)
                        .chain(() -> leases.release(id))
                        .invoke(() -> LOG.warnf("producer id %s: its holder stopped renewing it; fenced any "
                                + "transaction it left open", id))
                        .replaceWith(id)
                        .onFailure().invoke(failure -> LOG.warnf("producer id %s: fencing failed (%s); retrying "
                                + "when its lease expires again", id, failure.getClass().getSimpleName()))
                        .onFailure().recoverWithNull())
                .filter(id -> id != null)
                .collect().asList();
    }
}
