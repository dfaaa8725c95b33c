package io.linkops.deploy;

import static io.linkops.deploy.RenderedManifests.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Autoscaling and topics agree with the service: partitions, consumer groups, replication, disruption budgets. */
class KubernetesManifestScalingTest {

    static final List<String> OVERLAYS = RenderedManifests.OVERLAYS;
    private static final String WORKER = "linkops-worker";
    private static final String IMPORTS = "connection-imports";
    // The Kafka scaler's documented parameters; a misspelt one is ignored by KEDA, so it is caught here.
    private static final Set<String> KAFKA_SCALER_KEYS = Set.of("bootstrapServers", "consumerGroup", "topic",
            "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
            "scaleToZeroOnInvalidOffset", "excludePersistentLag", "limitToPartitionsWithLag", "partitionLimitation",
            "version", "sasl", "tls", "unsafeSsl");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void workersNeverOutnumberTheImportPartitions(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        JsonNode scaledObject = manifests.one("ScaledObject", WORKER).path("spec");
        int maxWorkers = scaledObject.path("maxReplicaCount").asInt();
        int consumersPerWorker = Integer.parseInt(manifests.setting(WORKER,
                "mp.messaging.incoming." + IMPORTS + ".concurrency"));
        int configured = Integer.parseInt(manifests.setting(WORKER, "linkops.topics.import-partitions"));
        String topic = manifests.setting(WORKER, "linkops.topics.connection-imports");
        int partitions = kafkaTopic(manifests, topic).path("spec").path("partitions").asInt();
        assertEquals(configured, partitions, overlay + ": the KafkaTopic and linkops.topics.import-partitions");
        assertTrue(maxWorkers * consumersPerWorker <= partitions, overlay + ": " + maxWorkers + " workers x "
                + consumersPerWorker + " consumers > " + partitions + " partitions of " + topic);
        // The worker role also runs timers (refresh, sweeper, event relay): never scale it to zero.
        assertTrue(scaledObject.path("minReplicaCount").asInt(0) >= 1, overlay + ": minReplicaCount");
        assertTrue(scaledObject.path("minReplicaCount").asInt() <= maxWorkers);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void kedaWatchesTheGroupsAndTopicsTheWorkerConsumes(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, String> environment = manifests.environment(WORKER);
        Map<String, String> consumed = new HashMap<>();
        for (String channel : List.of(IMPORTS, "historical-pull-triggers", "bulk-op-completions")) {
            if (ServiceConfiguration.channelEnabled("worker", channel)) {
                consumed.put(SERVICE.value("mp.messaging.incoming." + channel + ".group.id", environment),
                        SERVICE.value("mp.messaging.incoming." + channel + ".topic", environment));
            }
        }
        Map<String, String> watched = new HashMap<>();
        for (JsonNode trigger : manifests.one("ScaledObject", WORKER).path("spec").path("triggers")) {
            assertEquals("kafka", trigger.path("type").asText());
            JsonNode metadata = trigger.path("metadata");
            metadata.fieldNames().forEachRemaining(key -> assertTrue(KAFKA_SCALER_KEYS.contains(key),
                    overlay + ": unknown Kafka scaler parameter " + key));
            assertEquals(environment.get("KAFKA_BOOTSTRAP_SERVERS"), metadata.path("bootstrapServers").asText(),
                    overlay + ": KEDA must read the cluster the workers use");
            assertEquals("false", metadata.path("allowIdleConsumers").asText("false"));
            watched.put(metadata.path("consumerGroup").asText(), metadata.path("topic").asText());
        }
        assertEquals(consumed, watched, overlay + ": consumer groups and topics KEDA measures");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyTopicIsAStrimziTopicWithThreeReplicasTwoInSync(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, String> environment = manifests.environment(WORKER);
        assertEquals("false", SERVICE.value("linkops.topics.create", environment),
                overlay + ": Strimzi owns the topics, the service must not create them");
        Set<String> used = new HashSet<>();
        for (String topic : List.of("connection-imports", "bulk-op-completions", "connection-events",
                "historical-pull-triggers", "historical-pulls", "enqueue-ledger")) {
            used.add(SERVICE.value("linkops.topics." + topic, environment));
        }
        Set<String> declared = new HashSet<>();
        for (JsonNode topic : manifests.all("KafkaTopic")) {
            declared.add(topicName(topic));
            JsonNode spec = topic.path("spec");
            assertEquals(3, spec.path("replicas").asInt(), topicName(topic) + " replicas");
            assertEquals(2, spec.path("config").path("min.insync.replicas").asInt(), topicName(topic)
                    + " min.insync.replicas");
            assertTrue(spec.path("partitions").asInt() >= 1, topicName(topic) + " partitions");
            assertTrue(topic.path("metadata").path("labels").has("strimzi.io/cluster"), topicName(topic));
        }
        assertEquals(used, declared, overlay + ": topics the service uses and KafkaTopics");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void disruptionBudgetsLeaveRoomToDrainANode(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        JsonNode hpa = manifests.one("HorizontalPodAutoscaler", "linkops-api").path("spec");
        int minApi = hpa.path("minReplicas").asInt(1);
        assertTrue(minApi >= 1 && minApi <= hpa.path("maxReplicas").asInt(), overlay + ": HPA bounds");
        assertDrainable(overlay, manifests.one("PodDisruptionBudget", "linkops-api").path("spec"), minApi);
        assertDrainable(overlay, manifests.one("PodDisruptionBudget", WORKER).path("spec"),
                manifests.one("ScaledObject", WORKER).path("spec").path("minReplicaCount").asInt());
    }

    // A budget that allows no eviction at the minimum replica count blocks every node drain.
    private static void assertDrainable(String overlay, JsonNode budget, int minReplicas) {
        if (budget.has("minAvailable")) {
            assertTrue(budget.path("minAvailable").asInt() < minReplicas, overlay + ": minAvailable "
                    + budget.path("minAvailable") + " with " + minReplicas + " replicas blocks drains");
        } else {
            assertTrue(budget.path("maxUnavailable").asInt() >= 1, overlay + ": maxUnavailable");
        }
    }

    private static JsonNode kafkaTopic(RenderedManifests manifests, String name) {
        return manifests.all("KafkaTopic").stream().filter(topic -> topicName(topic).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaTopic for " + name));
    }

    private static String topicName(JsonNode topic) {
        return topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
    }
}
