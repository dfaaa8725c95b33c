package io.linkops.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.KafkaTopics;
import io.linkops.testinfra.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The relay's producer says a row was sent only when the broker acknowledged every one of its events. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ConnectionEventProducerTest {

    private static final String EVENTS = "linkops.connection-events";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    ConnectionEventProducer producer;

    @Test
    void aRowOfEventsIsAcknowledgedOnceEveryEventIsOnTheTopic() {
        String marker = UUID.randomUUID().toString();
        List<Record<String, String>> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(Record.of(UUID.randomUUID().toString(), "{\"marker\":\"" + marker + "\",\"n\":" + i + "}"));
        }

        assertTrue(producer.sendAll(events).await().atMost(DEADLINE));

        Set<String> published = KafkaTopics.readAll(EVENTS).stream()
                .filter(record -> new String(record.value(), StandardCharsets.UTF_8).contains(marker))
                .map(record -> record.key())
                .collect(Collectors.toSet());
        assertEquals(events.stream().map(Record::key).collect(Collectors.toSet()), published);
    }

    @Test
    void aRowWithAnEventTheBrokerRefusesIsNotAcknowledged() {
        // Larger than the producer's max.request.size (1 MB): refused in the send's callback, never published.
        String tooLarge = "x".repeat(2 * 1024 * 1024);
        List<Record<String, String>> events = List.of(Record.of(UUID.randomUUID().toString(), "{}"),
                Record.of(UUID.randomUUID().toString(), tooLarge), Record.of(UUID.randomUUID().toString(), "{}"));

        assertFalse(producer.sendAll(events).await().atMost(DEADLINE));
    }

    @Test
    void nothingToSendIsAcknowledgedAtOnce() {
        assertTrue(producer.sendAll(List.of()).await().atMost(DEADLINE));
    }
}
