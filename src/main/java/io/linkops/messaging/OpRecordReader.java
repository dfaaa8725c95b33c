package io.linkops.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.linkops.domain.UnreadableItem;
import io.linkops.service.OpMetrics;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads the records of a work topic for a worker. A payload is checked field by field before anything reaches SQL;
 * a record that fails is identified by its headers (op and item index) and becomes an unreadable item of its op;
 * one that names no item is counted and logged (topic, partition, offset: never its content) and passed over.
 */
@ApplicationScoped
public class OpRecordReader {

    /** Turns a parsed payload into a worker item, throwing {@link IllegalArgumentException} when it is not valid. */
    @FunctionalInterface
    public interface ItemMapper<P, T> {
        T toItem(P payload, String recordKey);
    }

    /** A batch as read: the valid items and the unreadable ones that still name their item. */
    public record ReadBatch<T>(List<T> items, List<UnreadableItem> unreadable) {
    }

    private static final Logger LOG = Logger.getLogger(OpRecordReader.class);

    private final ObjectMapper mapper;
    private final OpMetrics metrics;

    public OpRecordReader(ObjectMapper mapper, OpMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    public <P, T> ReadBatch<T> read(List<KafkaRecord<String, byte[]>> records, Class<P> payloadType,
            ItemMapper<P, T> toItem) {
        // A missing number must not read as 0: item 0 is a real item of every op.
        ObjectReader reader = mapper.readerFor(payloadType)
                .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        List<T> items = new ArrayList<>(records.size());
        List<UnreadableItem> unreadable = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : records) {
            try {
                if (record.getPayload() == null) {
                    throw new IllegalArgumentException("no payload");
                }
                P payload = reader.readValue(record.getPayload());
                items.add(toItem.toItem(payload, record.getKey()));
            } catch (IOException | RuntimeException unusable) {
                UnreadableItem identified = identify(record, unusable);
                if (identified != null) {
                    unreadable.add(identified);
                }
            }
        }
        return new ReadBatch<>(items, unreadable);
    }

    private UnreadableItem identify(KafkaRecord<String, byte[]> record, Exception cause) {
        try {
            return new UnreadableItem(UUID.fromString(header(record, OpRecordHeaders.OP_ID)),
                    Integer.parseInt(header(record, OpRecordHeaders.ITEM_INDEX)), optionalUser(record),
                    cause.getClass().getSimpleName());
        } catch (RuntimeException noIdentity) {
            LOG.warnf("passing over an unreadable record without item headers at %s-%d@%d (%s)", record.getTopic(),
                    record.getPartition(), offsetOf(record), cause.getClass().getSimpleName());
            metrics.unattributable("no_identity", 1);
            return null;
        }
    }

    private static long offsetOf(KafkaRecord<String, byte[]> record) {
        return record instanceof IncomingKafkaRecord<String, byte[]> incoming ? incoming.getOffset() : -1;
    }

    private static UUID optionalUser(KafkaRecord<String, byte[]> record) {
        try {
            return UUID.fromString(header(record, OpRecordHeaders.USER_ID));
        } catch (RuntimeException absent) {
            return null;
        }
    }

    private static String header(KafkaRecord<String, byte[]> record, String name) {
        String value = OpRecordHeaders.text(record.getHeaders(), name);
        if (value == null) {
            throw new IllegalArgumentException("missing header " + name);
        }
        return value;
    }

    /** The value, refused when absent. */
    public static <V> V required(V value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    /** A text the database will store: present, not blank, no NUL character. */
    public static String requiredText(String value, String field) {
        if (required(value, field).isBlank() || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " is not a usable text");
        }
        return value;
    }

    /** The op id of the payload, which must be the record's key. */
    public static UUID opIdOf(UUID opId, String key) {
        if (!required(opId, "op_id").toString().equals(key)) {
            throw new IllegalArgumentException("payload op id differs from the record key");
        }
        return opId;
    }
}
