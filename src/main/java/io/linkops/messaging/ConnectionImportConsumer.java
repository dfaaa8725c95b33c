package io.linkops.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.domain.ImportItem;
import io.linkops.service.ConnectionImportProcessor;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The worker side of bulk import: reads and checks a batch of import records, has it processed (each op it finishes
 * is announced as soon as it is recorded), and only then acknowledges the batch, so a crash at any point means
 * redelivery (which changes nothing).
 */
@ApplicationScoped
public class ConnectionImportConsumer {

    public static final String CHANNEL = "connection-imports";

    private final ConnectionImportProcessor processor;
    private final OpRecordReader reader;
    private final ObjectMapper mapper;
    private final Tracer tracer;

    public ConnectionImportConsumer(ConnectionImportProcessor processor, OpRecordReader reader, ObjectMapper mapper,
            Tracer tracer) {
        this.tracer = tracer;
        this.processor = processor;
        this.reader = reader;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        OpRecordReader.ReadBatch<ImportItem> read = reader.read(batch.getRecords(), ConnectionImportRequested.class,
                this::toItem);
        BatchSpans spans = BatchSpans.start(tracer, CHANNEL, batch.getRecords());
        try (Scope ignored = spans.makeFirstCurrent()) {
            return processor.process(read.items(), read.unreadable())
                    .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                    .onItemOrFailure().invoke((done, failure) -> spans.end(failure));
        }
    }

    private ImportItem toItem(ConnectionImportRequested payload, String key) {
        Base64.Decoder base64 = Base64.getDecoder();
        return new ImportItem(OpRecordReader.opIdOf(payload.opId(), key), payload.itemIndex(),
                OpRecordReader.required(payload.userId(), "user_id"),
                OpRecordReader.required(payload.teamId(), "team_id"),
                OpRecordReader.requiredText(payload.provider(), "provider"),
                OpRecordReader.requiredText(payload.providerUserId(), "provider_user_id"),
                sealed(base64, payload.accessToken(), "access_token"),
                sealed(base64, payload.refreshToken(), "refresh_token"), payload.expiresAt(),
                scopesJson(payload.oauthScopes()));
    }

    private static byte[] sealed(Base64.Decoder base64, String value, String field) {
        byte[] bytes = base64.decode(OpRecordReader.required(value, field));
        if (bytes.length == 0) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return bytes;
    }

    private String scopesJson(List<String> scopes) {
        if (scopes == null) {
            return null;
        }
        scopes.forEach(scope -> OpRecordReader.requiredText(scope, "oauth_scopes"));
        try {
            return mapper.writeValueAsString(scopes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("oauth_scopes cannot be stored", e);
        }
    }
}
