package io.linkops.testinfra;

import java.util.Map;

/** Broker settings a one-node cluster needs, shared by the test cluster and the local stack. */
final class SingleBrokerSettings {

    static final Map<String, String> SETTINGS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "group.initial.rebalance.delay.ms", "0",
            "num.partitions", "1",
            "auto.create.topics.enable", "true");

    private SingleBrokerSettings() {
    }
}
