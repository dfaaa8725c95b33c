package io.linkops.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.domain.ImportItem;
import io.linkops.service.ConnectionImportProcessor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The worker side of bulk import: decodes a batch of import records, has it processed, announces the ops it
 * finished, and only then acknowledges the batch, so a crash at any point means redelivery (which changes nothing).
 */
@ApplicationScoped
public class ConnectionImportConsumer {

    public static final String CHANNEL = "connection-imports";
    private static final Logger LOG = Logger.getLogger(ConnectionImportConsumer.class);

    private final ConnectionImportProcessor processor;
    private final BulkOperationCompletionPublisher completions;
    private final ObjectMapper mapper;

    public ConnectionImportConsumer(ConnectionImportProcessor processor,
            BulkOperationCompletionPublisher completions, ObjectMapper mapper) {
        this.processor = processor;
        this.completions = completions;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<ImportItem> items = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            ImportItem item = decode(record);
            if (item != null) {
                items.add(item);
            }
        }
        return processor.process(items)
                .chain(finished -> Multi.createFrom().iterable(finished)
                        .onItem().transformToUniAndConcatenate(completions::announce)
                        .collect().last())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private ImportItem decode(KafkaRecord<String, byte[]> record) {
        try {
            ConnectionImportRequested payload = mapper.readValue(record.getPayload(), ConnectionImportRequested.class);
            if (!payload.opId().toString().equals(record.getKey())) {
                throw new IllegalArgumentException("payload op id differs from the record key");
            }
            Base64.Decoder base64 = Base64.getDecoder();
            return new ImportItem(payload.opId(), payload.itemIndex(), payload.userId(), payload.teamId(),
                    payload.provider(), payload.providerUserId(), base64.decode(payload.accessToken()),
                    base64.decode(payload.refreshToken()), payload.expiresAt(), scopesJson(payload.oauthScopes()),
                    false);
        } catch (IOException | RuntimeException unreadable) {
            return poisonOf(record, unreadable);
        }
    }

    private ImportItem poisonOf(KafkaRecord<String, byte[]> record, Exception cause) {
        try {
            ImportItem poison = ImportItem.poison(UUID.fromString(header(record, OpRecordHeaders.OP_ID)),
                    Integer.parseInt(header(record, OpRecordHeaders.ITEM_INDEX)),
                    UUID.fromString(header(record, OpRecordHeaders.USER_ID)));
            LOG.errorf("op %s: item %d is unreadable (%s); recording it as failed", poison.opId(),
                    poison.itemIndex(), cause.getClass().getSimpleName());
            return poison;
        } catch (RuntimeException noIdentity) {
            LOG.errorf("skipping an unreadable import record without identity headers on %s-%d",
                    record.getTopic(), record.getPartition());
            return null;
        }
    }

    private static String header(KafkaRecord<String, byte[]> record, String name) {
        Header header = record.getHeaders().lastHeader(name);
        if (header == null) {
            throw new IllegalArgumentException("missing header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private String scopesJson(List<String> scopes) throws JsonProcessingException {
        return scopes == null ? null : mapper.writeValueAsString(scopes);
    }
}
