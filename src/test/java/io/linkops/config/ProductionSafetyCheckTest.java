package io.linkops.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProductionSafetyCheckTest {

    private static final String STRONG_ADMIN_KEY = "x".repeat(40);
    private static final String REAL_KEYS = "k1:cmVhbC1wcm9kdWN0aW9uLWtleS0zMi1ieXRlcyEhISE=";

    @Test
    void productionRefusesTheDevelopmentOperatorKey() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(
                ProductionSafetyCheck.DEV_ADMIN_KEY, REAL_KEYS, List.of("prod")));
        assertTrue(refused.getMessage().contains("LINKOPS_ADMIN_KEY"));
    }

    @Test
    void productionRefusesAShortOperatorKey() {
        assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check("short", REAL_KEYS,
                List.of("prod")));
    }

    @Test
    void productionRefusesTheDevelopmentEncryptionKey() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(
                STRONG_ADMIN_KEY, ProductionSafetyCheck.DEV_ENCRYPTION_KEYS, List.of("prod")));
        assertTrue(refused.getMessage().contains("LINKOPS_ENCRYPTION_KEYS"));
    }

    @Test
    void anUnknownProfileIsTreatedAsProduction() {
        assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(
                ProductionSafetyCheck.DEV_ADMIN_KEY, REAL_KEYS, List.of("staging")));
    }

    @Test
    void productionAcceptsRealSecretsAndDevelopmentAcceptsDefaults() {
        assertDoesNotThrow(() -> ProductionSafetyCheck.check(STRONG_ADMIN_KEY, REAL_KEYS, List.of("prod")));
        assertDoesNotThrow(() -> ProductionSafetyCheck.check(ProductionSafetyCheck.DEV_ADMIN_KEY,
                ProductionSafetyCheck.DEV_ENCRYPTION_KEYS, List.of("local")));
    }
}
