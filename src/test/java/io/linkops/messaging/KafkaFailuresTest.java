package io.linkops.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.service.EnqueueFailedException;
import java.util.UUID;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTest {

    @Test
    void kafkaMessagesAreKeptAndOtherMessagesAreLeftOut() {
        Throwable failure = new EnqueueFailedException(UUID.randomUUID(), new KafkaException(
                "a record of the op was not written", new TimeoutException(
                        "Expiring 100 record(s) for linkops.connection-imports-3:30001 ms has passed",
                        new IllegalStateException("refresh-token-value"))));

        assertEquals("EnqueueFailedException <- KafkaException: a record of the op was not written"
                + " <- TimeoutException: Expiring 100 record(s) for linkops.connection-imports-3:30001 ms has passed"
                + " <- IllegalStateException", KafkaFailures.describe(failure));
    }

    @Test
    void aLongChainIsCut() {
        Throwable failure = new KafkaException("1", new KafkaException("2", new KafkaException("3",
                new KafkaException("4", new KafkaException("5", new KafkaException("6"))))));

        assertEquals("KafkaException: 1 <- KafkaException: 2 <- KafkaException: 3 <- KafkaException: 4"
                + " <- KafkaException: 5", KafkaFailures.describe(failure));
    }
}
