package io.linkops.messaging;

import io.linkops.domain.PullItem;
import io.linkops.service.HistoricalPullService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The worker side of historical pulls: reads and checks a batch, sorts each op's users into failed and queued,
 * announces the ops it finished, then acknowledges; unreadable records are recorded as failed items of their op.
 */
@ApplicationScoped
public class HistoricalPullConsumer {

    public static final String CHANNEL = "historical-pull-triggers";

    private final HistoricalPullService service;
    private final OpRecordReader reader;

    public HistoricalPullConsumer(HistoricalPullService service, OpRecordReader reader) {
        this.service = service;
        this.reader = reader;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        OpRecordReader.ReadBatch<PullItem> read = reader.read(batch.getRecords(), HistoricalPullRequested.class,
                (payload, key) -> new PullItem(OpRecordReader.opIdOf(payload.opId(), key), payload.itemIndex(),
                        OpRecordReader.required(payload.userId(), "user_id"),
                        OpRecordReader.required(payload.teamId(), "team_id"),
                        OpRecordReader.requiredText(payload.provider(), "provider")));
        return service.accept(read.items(), read.unreadable())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}
