package io.linkops.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** One Kafka admin client per process, made on first use, for reading offsets back; closed at shutdown. */
@ApplicationScoped
public class KafkaAdminClient {

    private final Map<String, Object> adminConfig = new HashMap<>();
    private final Map<String, Object> clientConfig = new HashMap<>();
    private Admin admin;

    public KafkaAdminClient(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        kafkaConfig.forEach((name, value) -> {
            if (AdminClientConfig.configNames().contains(name)) {
                adminConfig.put(name, value);
            }
            if (name.equals("bootstrap.servers") || name.startsWith("security.") || name.startsWith("sasl.")
                    || name.startsWith("ssl.")) {
                clientConfig.put(name, value);
            }
        });
    }

    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    /** The connection settings (servers and security) any other client of this process needs. */
    public Map<String, Object> connectionConfig() {
        return Map.copyOf(clientConfig);
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
