package io.linkops.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our signatures checked by the Standard Webhooks reference library, not by our own signer. */
class WebhookSignaturesTest {

    private static final String BODY = "{\"event_type\":\"provider.connection.created\",\"data\":{}}";

    @Test
    void secretsAreWhsecAndTwentyFourRandomBytes() {
        String secret = WebhookSignatures.newSecret();
        assertTrue(secret.startsWith("whsec_"), secret);
        assertEquals(24, Base64.getDecoder().decode(secret.substring(6)).length);
        assertTrue(!secret.equals(WebhookSignatures.newSecret()));
    }

    @Test
    void theReferenceLibraryAcceptsOurSignature() throws Exception {
        String secret = WebhookSignatures.newSecret();
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignatures.sign(secret, "msg_1", now, BODY);

        new Webhook(secret).verify(BODY, headers("msg_1", now, signature));
        assertEquals(new Webhook(secret).sign("msg_1", now, BODY), signature);
    }

    @Test
    void theReferenceLibraryRefusesAChangedBodyIdOrSecret() throws Exception {
        String secret = WebhookSignatures.newSecret();
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignatures.sign(secret, "msg_1", now, BODY);

        assertThrows(WebhookVerificationException.class, () -> new Webhook(secret).verify(BODY + " ",
                headers("msg_1", now, signature)));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(secret).verify(BODY,
                headers("msg_2", now, signature)));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(WebhookSignatures.newSecret())
                .verify(BODY, headers("msg_1", now, signature)));
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(String.valueOf(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
