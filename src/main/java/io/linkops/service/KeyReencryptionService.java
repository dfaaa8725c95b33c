package io.linkops.service;

import io.linkops.domain.KeyReencryption;
import io.linkops.domain.SealedValue;
import io.linkops.repository.KeyReencryptionRepository;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretDecryptionException;
import io.linkops.security.SecretOwner;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Retiring an encryption key: an operator starts a run that re-seals, batch by batch, every stored secret sealed
 * with another key than the active one (tokens, client secrets, webhook signing secrets), and reads how many values
 * each key id still seals. A value that cannot be re-sealed is logged, counted and left as it is.
 */
@ApplicationScoped
public class KeyReencryptionService {

    /** What an operator reads: the keys, what each seals, and the latest run. */
    public record EncryptionStatus(String activeKeyId, Set<String> keyIds, Map<String, Long> valuesByKeyId,
            KeyReencryption latestRun) {
    }

    static final int BATCH = 1000;
    private static final Logger LOG = Logger.getLogger(KeyReencryptionService.class);

    private final KeyReencryptionRepository runs;
    private final SecretCipher cipher;
    private final MeterRegistry registry;

    public KeyReencryptionService(KeyReencryptionRepository runs, SecretCipher cipher, MeterRegistry registry) {
        this.runs = runs;
        this.cipher = cipher;
        this.registry = registry;
    }

    /** Starts a run towards this process's active key, unless one is running; answers the running run. */
    public Uni<KeyReencryption> start() {
        return runs.start(UUID.randomUUID(), cipher.activeKeyId()).invoke(run -> {
            if (!run.targetKeyId().equals(cipher.activeKeyId())) {
                throw new ReencryptionConflictException("A re-encryption towards key '" + run.targetKeyId()
                        + "' is running; this replica's active key is '" + cipher.activeKeyId() + "'.");
            }
        });
    }

    public Uni<EncryptionStatus> status() {
        return runs.countByKeyId().chain(counts -> runs.latest().map(latest -> new EncryptionStatus(
                cipher.activeKeyId(), new TreeSet<>(cipher.keyIds()), counts, latest)));
    }

    /**
     * Moves the running run by one batch; answers it afterwards, or null when there is none to move here (none
     * running, another worker on it, or it targets another key than this worker's active one).
     */
    public Uni<KeyReencryption> advance() {
        return runs.advance(BATCH, this::resealerFor).invoke(run -> {
            if (run != null && !run.running()) {
                LOG.infof("key re-encryption %s done: %d values re-sealed with key %s", run.id(), run.resealed(),
                        run.targetKeyId());
            }
        });
    }

    private Function<SealedValue, byte[]> resealerFor(KeyReencryption run) {
        if (!run.targetKeyId().equals(cipher.activeKeyId())) {
            // Mid-rollout: this worker seals with another key; re-sealing here would undo the run.
            throw new ReencryptionConflictException("the running re-encryption targets key '" + run.targetKeyId()
                    + "', not this worker's active key");
        }
        return value -> {
            try {
                if (SecretCipher.keyIdOf(value.sealed()).equals(run.targetKeyId())) {
                    return null;
                }
                return cipher.reseal(value.sealed(), ownerOf(value));
            } catch (SecretDecryptionException | IllegalArgumentException | NullPointerException unusable) {
                LOG.warnf("key re-encryption %s: %s.%s of team %s (owner %s) cannot be re-sealed (%s); left as it is",
                        run.id(), value.table(), value.column(), value.teamId(), value.ownerId(),
                        unusable.getClass().getSimpleName());
                registry.counter("linkops.encryption.reseal_failed", "table", value.table()).increment();
                return null;
            }
        };
    }

    private static SecretOwner ownerOf(SealedValue value) {
        return switch (value.table()) {
            case "custom_credentials" -> SecretOwner.ofCredential(value.teamId(), value.provider());
            case "webhook_endpoints" -> SecretOwner.ofWebhookEndpoint(value.teamId(), value.ownerId());
            default -> SecretOwner.ofConnection(value.teamId(), value.ownerId(), value.provider(), value.column());
        };
    }
}
