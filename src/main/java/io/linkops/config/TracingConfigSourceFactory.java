package io.linkops.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Tracing is off until an OTLP endpoint is configured, by Quarkus' name or OpenTelemetry's standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}; then spans are exported there. An explicit {@code quarkus.otel.sdk.disabled}
 * still wins, so a deployment can keep trace ids in its logs without a collector.
 */
public class TracingConfigSourceFactory implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    // Below application.properties (250), like RoleConfigSourceFactory.
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new PropertiesConfigSource(settings(value(context, ENDPOINT), value(context, TRACES_ENDPOINT),
                value(context, "otel.exporter.otlp.endpoint")), "linkops-tracing", ORDINAL));
    }

    static Map<String, String> settings(String quarkusEndpoint, String tracesEndpoint, String standardEndpoint) {
        Map<String, String> settings = new HashMap<>();
        if (quarkusEndpoint == null && standardEndpoint != null) {
            settings.put(ENDPOINT, standardEndpoint);
        }
        boolean configured = quarkusEndpoint != null || tracesEndpoint != null || standardEndpoint != null;
        settings.put(SDK_DISABLED, String.valueOf(!configured));
        return settings;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
