package io.linkops.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProductionSafetyCheckTest {

    private static final Optional<String> STRONG_ADMIN_KEY = Optional.of("x".repeat(40));
    private static final Optional<String> DEV_ADMIN_KEY = Optional.of(ProductionSafetyCheck.DEV_ADMIN_KEY);
    private static final String REAL_KEYS = "k1:cmVhbC1wcm9kdWN0aW9uLWtleS0zMi1ieXRlcyEhISE=";

    @Test
    void productionRefusesTheDevelopmentOperatorKey() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(
                DEV_ADMIN_KEY, true, REAL_KEYS, List.of("prod")));
        assertTrue(refused.getMessage().contains("LINKOPS_ADMIN_KEY"));
    }

    @Test
    void productionRefusesAShortOperatorKey() {
        assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(Optional.of("short"),
                true, REAL_KEYS, List.of("prod")));
    }

    @Test
    void productionRefusesTheDevelopmentEncryptionKey() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(
                STRONG_ADMIN_KEY, true, ProductionSafetyCheck.DEV_ENCRYPTION_KEYS, List.of("prod")));
        assertTrue(refused.getMessage().contains("LINKOPS_ENCRYPTION_KEYS"));
    }

    @Test
    void anUnknownProfileIsTreatedAsProduction() {
        assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(
                DEV_ADMIN_KEY, true, REAL_KEYS, List.of("staging")));
    }

    @Test
    void productionAcceptsRealSecretsAndDevelopmentAcceptsDefaults() {
        assertDoesNotThrow(() -> ProductionSafetyCheck.check(STRONG_ADMIN_KEY, true, REAL_KEYS, List.of("prod")));
        assertDoesNotThrow(() -> ProductionSafetyCheck.check(DEV_ADMIN_KEY, true,
                ProductionSafetyCheck.DEV_ENCRYPTION_KEYS, List.of("local")));
    }

    @Test
    void theOperatorRoleNeedsItsKeyAndTheOtherRolesDoNot() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(
                Optional.empty(), true, REAL_KEYS, List.of("prod")));
        assertTrue(refused.getMessage().contains("LINKOPS_ADMIN_KEY"));
        assertDoesNotThrow(() -> ProductionSafetyCheck.check(Optional.empty(), false, REAL_KEYS, List.of("prod")));
        assertThrows(IllegalStateException.class, () -> ProductionSafetyCheck.check(Optional.empty(), false,
                ProductionSafetyCheck.DEV_ENCRYPTION_KEYS, List.of("prod")), "the encryption key is checked anyway");
    }
}
