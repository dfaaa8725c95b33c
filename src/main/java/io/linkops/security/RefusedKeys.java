package io.linkops.security;

import io.linkops.config.LinkopsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Remembers team keys that failed to authenticate, by digest (never the key), so a client looping on a bad key is
 * refused without a database query once it has failed a few times, for a while. Bounded: past its size it forgets
 * what has lapsed, then everything, so a flood of distinct bad keys costs lookups again but never memory.
 */
@ApplicationScoped
public class RefusedKeys {

    static final int MAX_REMEMBERED = 100_000;
    private static final Logger LOG = Logger.getLogger(RefusedKeys.class);

    private record Failures(int count, long since) {
    }

    private final int attempts;
    private final long memoryNanos;
    private final MeterRegistry registry;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public RefusedKeys(LinkopsConfig config, MeterRegistry registry) {
        this.attempts = config.rateLimits().badKeyAttempts();
        this.memoryNanos = config.rateLimits().badKeyMemory().toNanos();
        this.registry = registry;
    }

    /** Whether this key failed often enough lately to be refused without looking it up. */
    public boolean refusedWithoutLookup(String presentedKey) {
        Failures known = failures.get(digest(presentedKey));
        boolean refused = known != null && known.count() >= attempts && !lapsed(known, System.nanoTime());
        if (refused) {
            registry.counter("linkops.auth.refused", "checked", "remembered").increment();
        }
        return refused;
    }

    /** Counts a failed lookup of this key. */
    public void failed(String presentedKey) {
        registry.counter("linkops.auth.refused", "checked", "database").increment();
        long now = System.nanoTime();
        if (failures.size() >= MAX_REMEMBERED) {
            failures.values().removeIf(known -> lapsed(known, now));
            if (failures.size() >= MAX_REMEMBERED) {
                failures.clear();
            }
        }
        String digest = digest(presentedKey);
        Failures counted = failures.merge(digest, new Failures(1, now), (known, one) -> lapsed(known, now)
                ? one : new Failures(known.count() + 1, known.since()));
        if (counted.count() == attempts) {
            LOG.warnf("an API key (digest %s) failed %d times; refusing it without a lookup for %s",
                    digest.substring(0, 12), attempts, Duration.ofNanos(memoryNanos));
        }
    }

    private boolean lapsed(Failures known, long now) {
        return now - known.since() > memoryNanos;
    }

    private static String digest(String presentedKey) {
        return HexFormat.of().formatHex(Digests.sha256(presentedKey));
    }
}
