package io.linkops.messaging;

import io.linkops.domain.BulkOpType;
import io.linkops.service.WorkProgress;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The offsets the work topics' consumer groups have committed: what their workers have finished with. */
@ApplicationScoped
public class ConsumerGroupProgress implements WorkProgress {

    private static final long TIMEOUT_SECONDS = 10;

    private final KafkaAdminClient kafka;
    private final String importGroup;
    private final String historicalGroup;

    public ConsumerGroupProgress(KafkaAdminClient kafka,
            @ConfigProperty(name = "mp.messaging.incoming." + ConnectionImportConsumer.CHANNEL + ".group.id")
            String importGroup,
            @ConfigProperty(name = "mp.messaging.incoming." + HistoricalPullConsumer.CHANNEL + ".group.id")
            String historicalGroup) {
        this.kafka = kafka;
        this.importGroup = importGroup;
        this.historicalGroup = historicalGroup;
    }

    @Override
    public Uni<Map<Integer, Long>> committedOffsets(BulkOpType type) {
        String group = type == BulkOpType.link_bulk_import ? importGroup : historicalGroup;
        return Uni.createFrom().item(() -> {
            Map<Integer, Long> committed = new HashMap<>();
            try {
                kafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .forEach((partition, offset) -> {
                            if (offset != null) {
                                committed.put(partition.partition(), offset.offset());
                            }
                        });
            } catch (Exception e) {
                throw new IllegalStateException("the offsets of group " + group + " could not be read", e);
            }
            return committed;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
