package io.linkops.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.BulkOperation;
import io.linkops.domain.ItemRuns;
import io.linkops.domain.SealedConnection;
import io.linkops.repository.TransientFailure;
import io.linkops.service.EnqueueFailedException;
import io.linkops.service.EnqueueOutcomeUnknownException;
import io.linkops.service.OpEnqueuer;
import io.linkops.service.ProducerLeases;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Publishes all records of one bulk op to its work topic in one Kafka transaction, so read_committed workers see all
 * of them or none, and records the op on the enqueue ledger in the same transaction. Records are keyed by op id (what
 * the record belongs to, for tools, logs and the headers' fallback) but name their partition: runs of items are dealt
 * round the partitions so that one large op is shared by every worker; nothing depends on an op's records keeping
 * their order, since each item is recorded by its own index.
 * A small pool of transactional producers lets ops enqueue in parallel (SmallRye's {@code KafkaTransactions} allows
 * one transaction at a time per channel). The blocking producer calls run on the pool's own threads. Each producer
 * runs under a transactional id leased in PostgreSQL ({@link ProducerLeases}): if this process dies mid-enqueue, its
 * ids are fenced as soon as their leases expire, instead of their open transactions holding every read_committed
 * reader of those partitions back until the transaction timeout.
 */
@ApplicationScoped
public class OpRecordPublisher implements OpEnqueuer {

    private static final Logger LOG = Logger.getLogger(OpRecordPublisher.class);
    private static final int COMMIT_ATTEMPTS = 3;
    // Items per run: small enough that a 100,000-item op spreads evenly over dozens of partitions, large enough that
    // a worker's batch holds long runs of one op. One run is one recording block, which only its partition's worker
    // then locks.
    static final int SPREAD_RUN = ItemRuns.BLOCK;
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> producerConfig;
    private final ObjectMapper mapper;
    private final LinkedBlockingQueue<LeasedProducer> idle = new LinkedBlockingQueue<>();
    // Every id this process leases and has not given up: renewed until its producer is discarded.
    private final Set<String> leased = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor;
    private final ProducerLeases leases;
    private final String ledgerTopic;
    private final String importTopic;
    private final String historicalTopic;
    private final Tracer tracer;

    public OpRecordPublisher(KafkaAdminClient kafka, LinkopsConfig config, ObjectMapper mapper,
            ProducerLeases leases, Tracer tracer) {
        this.tracer = tracer;
        this.producerConfig = producerConfig(kafka.connectionConfig(), config.bulkImport().transactionTimeout());
        this.mapper = mapper;
        this.leases = leases;
        this.ledgerTopic = config.topics().enqueueLedger();
        this.importTopic = config.topics().connectionImports();
        this.historicalTopic = config.topics().historicalPullTriggers();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.bulkImport().producerPoolSize(), runnable -> {
            Thread thread = new Thread(runnable, "linkops-op-publisher-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Uni<Map<Integer, Long>> enqueueImport(BulkOperation op, IntFunction<SealedConnection> connectionAt) {
        Base64.Encoder base64 = Base64.getEncoder();
        return publish(importTopic, op.id(), op.size(), index -> {
            SealedConnection connection = connectionAt.apply(index);
            return new ConnectionImportRequested(op.id(), op.teamId(), op.provider().slug(), index,
                    connection.userId(), connection.providerUserId(),
                    base64.encodeToString(connection.sealedAccessToken()),
                    base64.encodeToString(connection.sealedRefreshToken()), connection.expiresAt(),
                    connection.oauthScopes());
        });
    }

    @Override
    public Uni<Map<Integer, Long>> enqueuePulls(BulkOperation op, List<UUID> userIds) {
        return publish(historicalTopic, op.id(), op.size(), index -> new HistoricalPullRequested(op.id(),
                op.teamId(), op.provider().slug(), index, userIds.get(index)));
    }

    /**
     * Publishes records {@code 0..count-1}, each built by {@code recordAt} only when it is sent, so a large op is
     * never held twice in memory; the producer's buffer paces the building. The op's entry on the enqueue ledger is
     * the transaction's last record. Completes, with the offset of the op's last record per partition, once the
     * broker has committed every record; fails with {@link EnqueueFailedException} when nothing is visible, or with
     * {@link EnqueueOutcomeUnknownException} when the commit may or may not have happened.
     */
    Uni<Map<Integer, Long>> publish(String topic, UUID opId, int count,
            IntFunction<? extends OpRecord> recordAt) {
        // Taken on the caller's thread, where the request's span is current; the send runs on the producer pool.
        Context caller = Context.current();
        return Uni.createFrom().item(() -> publishInTransaction(caller, topic, opId, count, recordAt))
                .runSubscriptionOn(executor);
    }

    private Map<Integer, Long> publishInTransaction(Context caller, String topic, UUID opId, int count,
            IntFunction<? extends OpRecord> recordAt) {
        Span span = tracer.spanBuilder(topic + " publish").setParent(caller).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", topic)
                .setAttribute("linkops.op_id", opId.toString()).setAttribute("messaging.batch.message_count", count)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return publishInTransaction(TraceHeaders.of(Context.current()), topic, opId, count, recordAt);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private Map<Integer, Long> publishInTransaction(List<Header> traceHeaders, String topic, UUID opId, int count,
            IntFunction<? extends OpRecord> recordAt) {
        LeasedProducer leasedProducer = idle.poll();
        if (leasedProducer == null) {
            try {
                leasedProducer = newProducer();
            } catch (KafkaException | IllegalStateException unavailable) {
                throw new EnqueueFailedException(opId, unavailable);
            }
        }
        KafkaProducer<String, byte[]> producer = leasedProducer.producer();
        String key = opId.toString();
        Map<Integer, Long> lastOffsets = new ConcurrentHashMap<>();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        Callback noted = (metadata, exception) -> {
            if (exception != null) {
                sendFailure.compareAndSet(null, exception);
            } else {
                lastOffsets.merge(metadata.partition(), metadata.offset(), Math::max);
            }
        };
        try {
            int partitions = producer.partitionsFor(topic).size();
            int first = Utils.toPositive(Utils.murmur2(bytes(key))) % partitions;
            producer.beginTransaction();
            for (int index = 0; index < count; index++) {
                OpRecord record = recordAt.apply(index);
                // Runs of an op's items are dealt round the partitions, so every worker shares a large op; a small
                // one stays where its key alone would put it.
                int partition = (first + index / SPREAD_RUN) % partitions;
                ProducerRecord<String, byte[]> message = new ProducerRecord<>(topic, partition, key,
                        serialize(record));
                message.headers()
                        .add(new RecordHeader(OpRecordHeaders.OP_ID, bytes(key)))
                        .add(new RecordHeader(OpRecordHeaders.ITEM_INDEX, bytes(String.valueOf(record.itemIndex()))))
                        .add(new RecordHeader(OpRecordHeaders.USER_ID, bytes(record.userId().toString())));
                traceHeaders.forEach(message.headers()::add);
                producer.send(message, noted);
            }
            // Every callback has run once flush returns, so the ledger entry can say where the records are.
            producer.flush();
            if (sendFailure.get() != null) {
                throw new KafkaException("a record of the op was not written", sendFailure.get());
            }
            producer.send(new ProducerRecord<>(ledgerTopic, key,
                    serialize(new OpEnqueued(opId, topic, count, Map.copyOf(lastOffsets)))));
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
            discard(leasedProducer);
            throw new EnqueueFailedException(opId, fatal);
        } catch (RuntimeException e) {
            // Kafka's failures and a record that could not be built alike: an open transaction would hold every
            // read_committed worker of its partitions, and so other teams' ops, back until its timeout.
            abortOrDiscard(leasedProducer);
            throw new EnqueueFailedException(opId, e);
        }
        commit(leasedProducer, opId);
        return Map.copyOf(lastOffsets);
    }

    /**
     * A commit that times out may still complete: Kafka lets the same commit be retried, and only a commit that
     * keeps failing leaves the outcome to be read back from the ledger.
     */
    private void commit(LeasedProducer leasedProducer, UUID opId) {
        for (int attempt = 1; ; attempt++) {
            try {
                leasedProducer.producer().commitTransaction();
                idle.offer(leasedProducer);
                return;
            } catch (TimeoutException | InterruptException retriable) {
                if (attempt == COMMIT_ATTEMPTS) {
                    discard(leasedProducer);
                    throw new EnqueueOutcomeUnknownException(opId, retriable);
                }
                LOG.warnf("op %s: commit timed out (attempt %d); retrying it", opId, attempt);
            } catch (KafkaException unknown) {
                discard(leasedProducer);
                throw new EnqueueOutcomeUnknownException(opId, unknown);
            }
        }
    }

    private void abortOrDiscard(LeasedProducer leasedProducer) {
        try {
            leasedProducer.producer().abortTransaction();
            idle.offer(leasedProducer);
        } catch (RuntimeException e) {
            LOG.warnf("discarding an import producer that could not abort: %s", e.getClass().getSimpleName());
            discard(leasedProducer);
        }
    }

    /**
     * Closes a producer whose state is unknown. Its lease is no longer renewed, so once it expires a fencer aborts
     * whatever transaction it may have left open before the id is used again.
     */
    private void discard(LeasedProducer leasedProducer) {
        leased.remove(leasedProducer.transactionalId());
        leasedProducer.producer().close(Duration.ZERO);
    }

    private LeasedProducer newProducer() {
        // Retried: the first statement after a database restart may meet a pooled connection that is gone.
        String transactionalId = leases.claim().onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(3)
                .await().atMost(CLAIM_TIMEOUT);
        leased.add(transactionalId);
        try {
            return new LeasedProducer(transactionalId, initialized(transactionalId));
        } catch (KafkaException e) {
            leased.remove(transactionalId);
            throw e;
        }
    }

    private KafkaProducer<String, byte[]> initialized(String transactionalId) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config);
        try {
            // Also aborts any transaction an earlier holder of the id left open.
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    /** Keeps this process's leases; a producer whose lease was lost (it stalled too long) is closed. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> renewLeases() {
        if (leased.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return leases.renew(Set.copyOf(leased))
                .invoke(held -> {
                    leased.retainAll(held);
                    idle.removeIf(leasedProducer -> {
                        if (held.contains(leasedProducer.transactionalId())) {
                            return false;
                        }
                        LOG.warnf("producer id %s: lease lost; closing its producer", leasedProducer.transactionalId());
                        executor.execute(() -> leasedProducer.producer().close(Duration.ZERO));
                        return true;
                    });
                })
                .onFailure().invoke(failure -> {
                    // While the process stops, its pool closes before this bean: expected, not worth a warning.
                    if (TransientFailure.isPoolClosed(failure)) {
                        LOG.debug("producer leases not renewed: the database pool is closed (stopping)");
                    } else {
                        LOG.warnf("producer leases not renewed (%s)", failure.getClass().getSimpleName());
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Aborts whatever transaction a dead holder left open under this id: starting a producer with the same id
     * fences the old one at once, so read_committed readers of its partitions move on.
     */
    public Uni<Void> fence(String transactionalId) {
        return Uni.createFrom().item(() -> {
            initialized(transactionalId).close(Duration.ofSeconds(5));
            return transactionalId;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid();
    }

    private byte[] serialize(Object record) {
        try {
            return mapper.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("import record not serializable", e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> producerConfig(Map<String, Object> connection, Duration transactionTimeout) {
        Map<String, Object> config = DurableProducerSettings.of(connection, ByteArraySerializer.class);
        // A broker that cannot be reached fails the enqueue (503) within seconds instead of holding the client.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        return config;
    }

    @PreDestroy
    void close() {
        executor.shutdown();
        LeasedProducer leasedProducer;
        while ((leasedProducer = idle.poll()) != null) {
            leasedProducer.producer().close(Duration.ofSeconds(5));
            try {
                // Closed cleanly, so nothing is open under the id: give it back for the next process.
                leases.release(leasedProducer.transactionalId()).await().atMost(CLAIM_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.debugf("producer id %s: lease left to expire (%s)", leasedProducer.transactionalId(),
                        e.getClass().getSimpleName());
            }
        }
    }

    /** A transactional producer and the leased id it runs under. */
    private record LeasedProducer(String transactionalId, KafkaProducer<String, byte[]> producer) {
    }
}
