package io.linkops.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerTlsCheckTest {

    @Test
    void onlyTlsProtocolsAreChecked() {
        assertTrue(BrokerTlsCheck.requiresTls("SSL"));
        assertTrue(BrokerTlsCheck.requiresTls("sasl_ssl"));
        assertFalse(BrokerTlsCheck.requiresTls("PLAINTEXT"));
        assertFalse(BrokerTlsCheck.requiresTls("SASL_PLAINTEXT"));
    }

    @Test
    void bootstrapServersAreReadLikeKafkaReadsThem() {
        assertEquals(List.of("kafka-0:9093", "[::1]:9093"), BrokerTlsCheck.servers(" kafka-0:9093 ,[::1]:9093,"));
    }

    @Test
    void aServerWithoutTlsRefusesTheStartAndIsNamed() {
        Map<String, TlsProbe.Answer> answers = new LinkedHashMap<>();
        answers.put("kafka-0:9093", TlsProbe.Answer.TLS);
        answers.put("kafka-1:9092", TlsProbe.Answer.NOT_TLS);
        String refusal = BrokerTlsCheck.refusal("SASL_SSL", answers).orElseThrow();
        assertTrue(refusal.contains("kafka-1:9092"), refusal);
        assertFalse(refusal.contains("kafka-0:9093"), refusal);
    }

    @Test
    void brokersThatAreDownOrSpeakTlsDoNotRefuseTheStart() {
        assertTrue(BrokerTlsCheck.refusal("SSL", Map.of("kafka-0:9093", TlsProbe.Answer.NO_ANSWER,
                "kafka-1:9093", TlsProbe.Answer.TLS)).isEmpty());
    }
}
