package io.linkops.messaging;

import io.linkops.config.LinkopsConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.jboss.logging.Logger;

/**
 * Creates the topics at start where no operator manages them (Strimzi does in Kubernetes), and grows the import
 * topic to its configured partition count if something created it smaller.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);
    private static final int COMPLETION_PARTITIONS = 3;
    // One record per op: a single partition keeps reading it back a short scan.
    private static final int LEDGER_PARTITIONS = 1;
    private static final long TIMEOUT_SECONDS = 10;

    private final Map<String, Object> kafkaConfig;
    private final LinkopsConfig config;

    public TopicInitializer(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            LinkopsConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (!config.topics().create()) {
            return;
        }
        Map<String, Object> adminConfig = new HashMap<>();
        kafkaConfig.forEach((name, value) -> {
            if (AdminClientConfig.configNames().contains(name)) {
                adminConfig.put(name, value);
            }
        });
        Admin admin = Admin.create(adminConfig);
        try {
            ensure(admin, config.topics().connectionImports(), config.topics().importPartitions());
            ensure(admin, config.topics().bulkOpCompletions(), COMPLETION_PARTITIONS);
            ensure(admin, config.topics().connectionEvents(), config.topics().importPartitions());
            ensure(admin, config.topics().historicalPullTriggers(), config.topics().importPartitions());
            ensure(admin, config.topics().historicalPulls(), config.topics().importPartitions());
            ensure(admin, config.topics().enqueueLedger(), LEDGER_PARTITIONS);
        } catch (Exception e) {
            LOG.errorf("could not create the Kafka topics (%s); they must be created by other means",
                    e.getClass().getSimpleName());
        } finally {
            // Without a bound, close() waits for requests a dead broker never answers.
            admin.close(Duration.ofSeconds(TIMEOUT_SECONDS));
        }
    }

    private void ensure(Admin admin, String topic, int partitions) throws Exception {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!existing.contains(topic)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions),
                    Optional.of(config.topics().replicationFactor())))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.infof("created topic %s with %d partitions", topic, partitions);
            return;
        }
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        if (description.partitions().size() < partitions) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions)))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.infof("grew topic %s to %d partitions", topic, partitions);
        }
    }
}
