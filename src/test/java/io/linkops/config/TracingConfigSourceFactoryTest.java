package io.linkops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracing switches on only when an OTLP endpoint is configured. */
class TracingConfigSourceFactoryTest {

    @Test
    void withoutAnEndpointTheSdkIsOff() {
        assertEquals(Map.of(TracingConfigSourceFactory.SDK_DISABLED, "true"),
                TracingConfigSourceFactory.settings(null, null, null));
    }

    @Test
    void quarkusEndpointTurnsItOn() {
        Map<String, String> settings = TracingConfigSourceFactory.settings("http://collector:4317", null, null);
        assertEquals("false", settings.get(TracingConfigSourceFactory.SDK_DISABLED));
        assertFalse(settings.containsKey(TracingConfigSourceFactory.ENDPOINT), "Quarkus' own setting stands");
    }

    @Test
    void aTracesOnlyEndpointTurnsItOn() {
        assertEquals("false", TracingConfigSourceFactory.settings(null, "http://collector:4317", null)
                .get(TracingConfigSourceFactory.SDK_DISABLED));
    }

    @Test
    void theStandardVariableIsTakenUpAsQuarkusEndpoint() {
        Map<String, String> settings = TracingConfigSourceFactory.settings(null, null, "http://collector:4317");
        assertEquals("false", settings.get(TracingConfigSourceFactory.SDK_DISABLED));
        assertEquals("http://collector:4317", settings.get(TracingConfigSourceFactory.ENDPOINT));
    }
}
