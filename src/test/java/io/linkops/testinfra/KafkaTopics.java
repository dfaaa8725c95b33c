package io.linkops.testinfra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Direct access to the test broker: read a topic whole, produce raw records, see a group's progress. */
public final class KafkaTopics {

    public static final String IMPORTS = "linkops.connection-imports";
    public static final String IMPORT_GROUP = "linkops-import-workers";

    private KafkaTopics() {
    }

    /** Every committed record of the topic, from the beginning to the end it has now. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return readAll(bootstrap(), topic);
    }

    /**
     * As above, on the given broker. Reading {@code read_committed}, "the end" is the last stable offset: all that a
     * worker could ever be handed.
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " not read to its end within 120 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Produces the records; answers the highest offset written per partition. */
    public static Map<TopicPartition, Long> produce(List<ProducerRecord<String, byte[]>> records) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<TopicPartition, Long> highest = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : records) {
                RecordMetadata written = producer.send(record).get(30, TimeUnit.SECONDS);
                highest.merge(new TopicPartition(written.topic(), written.partition()), written.offset(), Math::max);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return highest;
    }

    /** Whether the group has committed past each of these offsets, i.e. processed and acknowledged them. */
    public static boolean committedPast(String group, Map<TopicPartition, Long> offsets) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap());
        try (Admin admin = Admin.create(properties)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().allMatch(entry -> committed.get(entry.getKey()) != null
                    && committed.get(entry.getKey()).offset() > entry.getValue());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bootstrap() {
        return RealInfrastructure.kafka().bootstrapServers();
    }
}
