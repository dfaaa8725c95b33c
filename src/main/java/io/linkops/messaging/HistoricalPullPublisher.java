package io.linkops.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.domain.QueuedPull;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes a claimed historical pull for the data-pull system, keyed by user id. */
@ApplicationScoped
public class HistoricalPullPublisher {

    public static final String CHANNEL = "historical-pulls-out";

    private final MutinyEmitter<Record<String, String>> emitter;
    private final ObjectMapper mapper;

    public HistoricalPullPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter,
            ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** Completes when the broker acknowledged the request. */
    public Uni<Void> publish(QueuedPull pull) {
        return Uni.createFrom().deferred(() -> emitter.send(Record.of(pull.userId().toString(),
                serialize(HistoricalPullRequest.of(pull, Instant.now())))));
    }

    private String serialize(HistoricalPullRequest request) {
        try {
            return mapper.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("historical pull request not serializable", e);
        }
    }
}
