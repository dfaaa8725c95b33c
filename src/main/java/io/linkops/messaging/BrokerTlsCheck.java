package io.linkops.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Refuses to start when Kafka TLS is configured and a bootstrap server accepts connections but speaks no TLS: that
 * is a configuration mismatch to fix, not an outage to wait out. A broker that cannot be reached does not stop the
 * start; the service comes up unready and waits for it, as it does without TLS.
 */
@Singleton
public class BrokerTlsCheck {

    private static final Logger LOG = Logger.getLogger(BrokerTlsCheck.class);
    private static final Set<String> TLS_PROTOCOLS = Set.of("SSL", "SASL_SSL");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Object> kafkaConfig;

    public BrokerTlsCheck(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    // Before the topic initializer and the channels, whose clients would only retry a handshake that cannot succeed.
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
        String protocol = String.valueOf(kafkaConfig.getOrDefault("security.protocol", "PLAINTEXT"));
        if (!requiresTls(protocol)) {
            return;
        }
        Map<String, TlsProbe.Answer> answers = new LinkedHashMap<>();
        for (String server : servers(String.valueOf(kafkaConfig.getOrDefault("bootstrap.servers", "")))) {
            int colon = server.lastIndexOf(':');
            String host = server.substring(0, colon).replace("[", "").replace("]", "");
            answers.put(server, TlsProbe.ask(host, Integer.parseInt(server.substring(colon + 1)), PROBE_TIMEOUT));
        }
        Optional<String> refusal = refusal(protocol, answers);
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
        if (answers.containsValue(TlsProbe.Answer.NO_ANSWER)) {
            LOG.warnf("Kafka bootstrap servers %s: TLS not confirmed (no answer yet); starting unready until the "
                    + "broker answers", answers);
        }
    }

    static boolean requiresTls(String protocol) {
        return TLS_PROTOCOLS.contains(protocol.trim().toUpperCase());
    }

    static List<String> servers(String bootstrapServers) {
        return Arrays.stream(bootstrapServers.split(",")).map(String::trim)
                .filter(server -> server.matches(".+:\\d+")).toList();
    }

    /** The reason to refuse the start, if any bootstrap server answered a TLS greeting without TLS. */
    static Optional<String> refusal(String protocol, Map<String, TlsProbe.Answer> answers) {
        List<String> plain = answers.entrySet().stream().filter(answer -> answer.getValue() == TlsProbe.Answer.NOT_TLS)
                .map(Map.Entry::getKey).toList();
        if (plain.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Refusing to start: KAFKA_SECURITY_PROTOCOL is " + protocol + " but the Kafka bootstrap "
                + "server(s) " + String.join(", ", plain) + " accept connections without speaking TLS (SSL). "
                + "Point KAFKA_BOOTSTRAP_SERVERS at the broker's TLS listener");
    }
}
