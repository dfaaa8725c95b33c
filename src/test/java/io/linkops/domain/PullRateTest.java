package io.linkops.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PullRateTest {

    @Test
    void readsTheConfiguredProviderRates() {
        assertEquals(new PullRate(250, Duration.ofHours(1)), PullRate.parse("250/1h"));
        assertEquals(new PullRate(2, Duration.ofMinutes(1)), PullRate.parse("2/1m"));
        assertEquals(new PullRate(8, Duration.ofMinutes(1)), PullRate.parse("8/1m"));
        assertEquals(new PullRate(1, Duration.ofMinutes(15)), PullRate.parse("1/15m"));
        assertEquals(new PullRate(150, Duration.ofMinutes(5)), PullRate.parse("150/5m"));
    }

    @Test
    void readsAPeriodInSeconds() {
        assertEquals(new PullRate(3, Duration.ofSeconds(30)), PullRate.parse("3/30s"));
    }

    @Test
    void toleratesSpacesAndAnUpperCaseUnit() {
        assertEquals(new PullRate(2, Duration.ofMinutes(1)), PullRate.parse(" 2 / 1M "));
    }

    @Test
    void acceptsTheLargestCount() {
        assertEquals(Integer.MAX_VALUE, PullRate.parse(Integer.MAX_VALUE + "/1s").count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/1m", "-1/1m", "-250/1h"})
    void rejectsACountBelowOne(String value) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PullRate.parse(value));
        assertTrue(refused.getMessage().contains(value), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2/0m", "2/0s", "2/-1m", "2/-15h"})
    void rejectsAPeriodThatIsNotPositive(String value) {
        assertThrows(IllegalArgumentException.class, () -> PullRate.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "2", "2/", "/1m", "/", "2/1m/3", "2//1m", "1m", "2/1m/", "2/ /"})
    void rejectsAValueWithoutBothACountAndAPeriod(String value) {
        assertThrows(IllegalArgumentException.class, () -> PullRate.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2/1d", "2/1w", "2/1ms", "2/1", "2/m", "2/60"})
    void rejectsAPeriodWithoutAKnownUnit(String value) {
        assertThrows(IllegalArgumentException.class, () -> PullRate.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x/1m", "two/1m", "2/xm", "2.5/1m", "2/1.5m", "2/1 m", "2 per minute"})
    void rejectsGarbage(String value) {
        assertThrows(IllegalArgumentException.class, () -> PullRate.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648/1m", "2/9223372036854775808s", "1/9999999999999999h", "1/999999999999999999m"})
    void rejectsNumbersBeyondTheirType(String value) {
        assertThrows(IllegalArgumentException.class, () -> PullRate.parse(value));
    }
}
