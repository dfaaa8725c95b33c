package io.linkops.messaging;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The settings every plain Kafka producer of this service starts from: durable, batching, bounded in memory. */
final class DurableProducerSettings {

    private DurableProducerSettings() {
    }

    /** The broker connection (servers and security) plus these settings, with string keys. */
    static Map<String, Object> of(Map<String, Object> connection, Class<? extends Serializer<?>> valueSerializer) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer.getName());
        // Set explicitly: durability must not depend on client defaults.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // A producer keeps the batch buffers it has used, up to this much, for as long as it lives: at Kafka's 32 MB
        // the pool held 128 MB of a 512 MB heap after ten concurrent large ops. 8 MB still keeps 128 batches in
        // flight; a full buffer makes the sender wait (within max.block.ms), not fail.
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024);
        // A broker that cannot be reached fails a send within seconds instead of holding its caller.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return config;
    }
}
