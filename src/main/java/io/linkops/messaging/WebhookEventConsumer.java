package io.linkops.messaging;

import io.linkops.repository.TransientFailure;
import io.linkops.service.WebhookFanOut;
import io.linkops.service.WebhookFanOut.ReadEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the events topic with a consumer group of its own (worker role), so a slow or dead webhook endpoint never
 * holds imports back: a batch is acknowledged once its deliveries are written, and sending happens apart from it
 * ({@link io.linkops.service.WebhookDispatcher}). A database outage is waited out; the batch is never skipped.
 */
@ApplicationScoped
public class WebhookEventConsumer {

    public static final String CHANNEL = "webhook-events";
    private static final Logger LOG = Logger.getLogger(WebhookEventConsumer.class);

    private final WebhookFanOut fanOut;
    private final MeterRegistry metrics;

    public WebhookEventConsumer(WebhookFanOut fanOut, MeterRegistry metrics) {
        this.fanOut = fanOut;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<ReadEvent> events = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            String offset = record.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(metadata -> String.valueOf(metadata.getOffset())).orElse("?");
            events.add(new ReadEvent(record.getPayload(), record.getTopic() + "-" + record.getPartition() + "@"
                    + offset));
        }
        return fanOut.fanOut(events)
                .onFailure(TransientFailure::isCause).invoke(failure -> LOG.debugf("webhook fan-out waits for the "
                        + "database (%s)", failure.getClass().getSimpleName()))
                .onFailure(TransientFailure::isCause).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely()
                // Anything else is retried a few times, then counted and passed over: one bad batch must not stop
                // every team's webhooks.
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(3)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("webhook fan-out of %d events failed (%s); passing over them", events.size(),
                            failure.getClass().getSimpleName());
                    metrics.counter("linkops.webhooks.events_not_fanned_out").increment(events.size());
                    return 0;
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}
