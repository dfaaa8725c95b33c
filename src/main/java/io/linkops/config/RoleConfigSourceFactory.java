package io.linkops.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code linkops.role} into the messaging switches (the worker role consumes the work topics and the events
 * topic, for webhooks; the api role listens for completion events, its waiters live there) and leaves the operator
 * key unread where the operator role does not run. One artifact, scaled apart by configuration.
 */
public class RoleConfigSourceFactory implements ConfigSourceFactory {

    static final String IMPORTS_ENABLED = "mp.messaging.incoming.connection-imports.enabled";
    static final String HISTORICAL_ENABLED = "mp.messaging.incoming.historical-pull-triggers.enabled";
    static final String COMPLETIONS_ENABLED = "mp.messaging.incoming.bulk-op-completions.enabled";
    static final String WEBHOOK_EVENTS_ENABLED = "mp.messaging.incoming.webhook-events.enabled";
    static final String ADMIN_KEY = "linkops.admin-key";
    // Below application.properties (250) so an explicit setting there or in the environment still wins.
    private static final int ORDINAL = 200;
    // Above application.properties, whose required ${LINKOPS_ADMIN_KEY} must not be expanded where no operator API
    // runs; below the environment (300).
    private static final int ABSENT_ADMIN_KEY_ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue role = context.getValue("linkops.role");
        Set<String> roles = roles(role == null ? null : role.getValue());
        ConfigSource switches = new PropertiesConfigSource(Map.of(
                IMPORTS_ENABLED, String.valueOf(roles.contains("worker")),
                HISTORICAL_ENABLED, String.valueOf(roles.contains("worker")),
                WEBHOOK_EVENTS_ENABLED, String.valueOf(roles.contains("worker")),
                COMPLETIONS_ENABLED, String.valueOf(roles.contains("api"))), "linkops-role", ORDINAL);
        if (roles.contains("operator")) {
            return List.of(switches);
        }
        // An empty value reads as unset: a worker or api pod starts without the operator key it never uses.
        return List.of(switches, new PropertiesConfigSource(Map.of(ADMIN_KEY, ""), "linkops-role-no-operator",
                ABSENT_ADMIN_KEY_ORDINAL));
    }

    static Set<String> roles(String value) {
        if (value == null || value.isBlank()) {
            return Set.of("api", "worker", "operator");
        }
        return Arrays.stream(value.split(","))
                .map(part -> part.trim().toLowerCase(Locale.ROOT))
                .filter(part -> !part.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
