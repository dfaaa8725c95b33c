package io.linkops.messaging;

import io.linkops.config.LinkopsConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the relay's events to the events topic with a plain idempotent producer, a row's events at a time, off the
 * event loop (a send may block while the broker is away), and says whether the broker acknowledged every one. One
 * message object per event through the messaging emitter cost a worker more CPU than the events' JSON.
 */
@ApplicationScoped
public class ConnectionEventProducer {

    private final Map<String, Object> producerConfig;
    private final String topic;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "linkops-event-relay");
        thread.setDaemon(true);
        return thread;
    });
    private KafkaProducer<String, String> producer;

    public ConnectionEventProducer(KafkaAdminClient kafka, LinkopsConfig config) {
        this.producerConfig = DurableProducerSettings.of(kafka.connectionConfig(), StringSerializer.class);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "kafka-producer-connection-events-out");
        this.topic = config.topics().connectionEvents();
    }

    /** Sends the events; answers true once the broker acknowledged all of them, false if it refused any. */
    public Uni<Boolean> sendAll(List<Record<String, String>> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(true);
        }
        return Uni.createFrom().emitter(emitter -> sender.execute(() -> send(events, emitter)));
    }

    private void send(List<Record<String, String>> events, UniEmitter<? super Boolean> emitter) {
        AtomicInteger unanswered = new AtomicInteger(events.size());
        AtomicBoolean refused = new AtomicBoolean();
        int sent = 0;
        try {
            KafkaProducer<String, String> kafka = producer();
            for (Record<String, String> event : events) {
                kafka.send(new ProducerRecord<>(topic, event.key(), event.value()), (metadata, failure) -> {
                    if (failure != null) {
                        refused.set(true);
                    }
                    if (unanswered.decrementAndGet() == 0) {
                        emitter.complete(!refused.get());
                    }
                });
                sent++;
            }
        } catch (RuntimeException notSent) {
            // Events never handed to the producer have no callback: count them as refused answers.
            refused.set(true);
            if (unanswered.addAndGet(-(events.size() - sent)) == 0) {
                emitter.complete(false);
            }
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        sender.shutdown();
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
