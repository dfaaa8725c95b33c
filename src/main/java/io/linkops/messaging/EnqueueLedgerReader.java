package io.linkops.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.config.LinkopsConfig;
import io.linkops.service.EnqueueLedger;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the enqueue ledger back with {@code read_committed}: an entry there means the op's transaction committed.
 * Its end is complete only when the last stable offset equals the high watermark on every partition, that is when no
 * transaction is open that could still add an entry.
 */
@ApplicationScoped
public class EnqueueLedgerReader implements EnqueueLedger {

    private static final Logger LOG = Logger.getLogger(EnqueueLedgerReader.class);
    private static final long TIMEOUT_SECONDS = 10;
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaAdminClient kafka;
    private final ObjectMapper mapper;
    private final String topic;

    public EnqueueLedgerReader(KafkaAdminClient kafka, ObjectMapper mapper, LinkopsConfig config) {
        this.kafka = kafka;
        this.mapper = mapper;
        this.topic = config.topics().enqueueLedger();
    }

    @Override
    public Uni<Entries> read(Instant since) {
        return Uni.createFrom().item(() -> readBlocking(since))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Entries readBlocking(Instant since) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                // No ledger to read is no evidence that an op was never committed.
                LOG.warnf("the enqueue ledger %s has no partitions; unconfirmed ops stay undecided", topic);
                return new Entries(Map.of(), false);
            }
            Map<TopicPartition, Long> stable = ends(partitions, IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> written = ends(partitions, IsolationLevel.READ_UNCOMMITTED);
            boolean settled = stable.equals(written);
            consumer.assign(partitions);
            Map<TopicPartition, Long> from = new HashMap<>();
            partitions.forEach(partition -> from.put(partition, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(from);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                consumer.seek(partition, start == null ? stable.get(partition) : start.offset());
            }
            Map<UUID, Map<Integer, Long>> committed = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!reached(consumer, stable)) {
                if (System.nanoTime() > deadline) {
                    return new Entries(committed, false);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    OpEnqueued entry = entryOf(record);
                    if (entry != null) {
                        committed.put(entry.opId(), entry.lastOffsets());
                    }
                }
            }
            return new Entries(committed, settled);
        }
    }

    private OpEnqueued entryOf(ConsumerRecord<String, byte[]> record) {
        try {
            OpEnqueued entry = mapper.readValue(record.value(), OpEnqueued.class);
            return entry.opId() == null || entry.lastOffsets() == null ? null : entry;
        } catch (IOException | RuntimeException unreadable) {
            LOG.warnf("passing over an unreadable enqueue-ledger entry at %s-%d@%d", record.topic(),
                    record.partition(), record.offset());
            return null;
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private Map<TopicPartition, Long> ends(List<TopicPartition> partitions, IsolationLevel isolation) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            kafka.admin().listOffsets(latest, new ListOffsetsOptions(isolation)).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("the enqueue ledger's offsets could not be read", e);
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafka.connectionConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        return config;
    }
}
