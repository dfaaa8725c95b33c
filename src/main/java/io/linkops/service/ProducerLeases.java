package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.repository.ProducerLeaseRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * This process's leases on enqueue producers' transactional ids. A producer's id is leased while the process lives;
 * an expired lease means its holder died (or stalled past the lease), and its id is fenced before anyone reuses it.
 */
@ApplicationScoped
public class ProducerLeases {

    private static final int CLAIM_ATTEMPTS = 5;

    private final ProducerLeaseRepository leases;
    private final Duration ttl;
    private final UUID holder = UUID.randomUUID();

    public ProducerLeases(ProducerLeaseRepository leases, LinkopsConfig config) {
        this.leases = leases;
        this.ttl = config.bulkImport().producerLease();
    }

    /** A transactional id for a new producer of this process. */
    public Uni<String> claim() {
        return leases.claim(holder, ttl)
                .onItem().ifNull().failWith(() -> new IllegalStateException("lost the race for a producer id"))
                .onFailure(IllegalStateException.class).retry().atMost(CLAIM_ATTEMPTS);
    }

    /** Renews the leases of these ids; answers the ones still held. */
    public Uni<Set<String>> renew(Collection<String> ids) {
        return leases.renew(holder, ids, ttl);
    }

    /** Takes the leases their holders let expire, to be fenced and released. */
    public Uni<List<String>> takeExpired() {
        return leases.takeExpired(holder, ttl);
    }

    public Uni<Void> release(String transactionalId) {
        return leases.release(transactionalId, holder);
    }

    /** How long a lease lasts unrenewed: the longest an open transaction of a dead process holds readers back. */
    public Duration ttl() {
        return ttl;
    }
}
