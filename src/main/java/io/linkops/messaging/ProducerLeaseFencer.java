package io.linkops.messaging;

import io.linkops.service.ProducerLeases;
import io.linkops.service.WorkerTimers;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Worker role: every second, takes the producer leases whose holders died, fences their transactional ids (which
 * aborts any transaction they left open) and releases them. A crashed API holds partitions back for about one lease.
 */
@ApplicationScoped
public class ProducerLeaseFencer {

    private static final Logger LOG = Logger.getLogger(ProducerLeaseFencer.class);
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final ProducerLeases leases;
    private final OpRecordPublisher publisher;
    private final WorkerTimers timers;

    public ProducerLeaseFencer(ProducerLeases leases, OpRecordPublisher publisher, WorkerTimers timers) {
        this.leases = leases;
        this.publisher = publisher;
        this.timers = timers;
    }

    void onStart(@Observes StartupEvent event) {
        timers.every(PERIOD, "producer fencing", this::fenceExpired);
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
