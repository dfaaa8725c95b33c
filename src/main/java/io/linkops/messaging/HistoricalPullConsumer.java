package io.linkops.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.service.HistoricalPullService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** The worker side of historical pulls: sorts each op's users into failed and queued, then acknowledges. */
@ApplicationScoped
public class HistoricalPullConsumer {

    public static final String CHANNEL = "historical-pull-triggers";
    private static final Logger LOG = Logger.getLogger(HistoricalPullConsumer.class);

    private final HistoricalPullService service;
    private final BulkOperationCompletionPublisher completions;
    private final ObjectMapper mapper;

    public HistoricalPullConsumer(HistoricalPullService service, BulkOperationCompletionPublisher completions,
            ObjectMapper mapper) {
        this.service = service;
        this.completions = completions;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<HistoricalPullRequested> requests = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                requests.add(mapper.readValue(record.getPayload(), HistoricalPullRequested.class));
            } catch (IOException unreadable) {
                LOG.errorf("skipping an unreadable historical-pull record on %s-%d", record.getTopic(),
                        record.getPartition());
            }
        }
        return service.accept(requests)
                .chain(finished -> Multi.createFrom().iterable(finished)
                        .onItem().transformToUniAndConcatenate(completions::announce)
                        .collect().last())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}
