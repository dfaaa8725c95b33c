package io.linkops.deploy;

import io.linkops.config.LinkopsConfig;
import io.linkops.config.RoleConfigSourceFactory;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the packaged service reads in the prod profile, taken from {@code application.properties} and
 * {@link LinkopsConfig}: its settings resolved against a container's environment as SmallRye Config would, and
 * which environment variables it reads at all.
 */
final class ServiceConfiguration {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^${}:]+)(?::([^${}]*))?}");

    private final Map<String, String> properties = new HashMap<>();
    private final Set<String> referencedVariables = new HashSet<>();
    private final Set<String> requiredVariables = new HashSet<>();
    private final Set<String> mappedProperties = new HashSet<>();
    private final Set<String> mappedPrefixes = new HashSet<>();

    ServiceConfiguration(Path applicationProperties) {
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(applicationProperties)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        raw.stringPropertyNames().stream().filter(key -> !key.startsWith("%"))
                .forEach(key -> properties.put(key, raw.getProperty(key)));
        raw.stringPropertyNames().stream().filter(key -> key.startsWith("%prod."))
                .forEach(key -> properties.put(key.substring("%prod.".length()), raw.getProperty(key)));
        for (String value : properties.values()) {
            Matcher matcher = EXPRESSION.matcher(value);
            while (matcher.find()) {
                if (!matcher.group(1).contains(".")) {
                    referencedVariables.add(matcher.group(1));
                    if (matcher.group(2) == null) {
                        requiredVariables.add(matcher.group(1));
                    }
                }
            }
        }
        collect(LinkopsConfig.class, "linkops");
    }

    /** Variables the prod profile cannot start without: expressions with no default. */
    Set<String> requiredVariables() {
        return Collections.unmodifiableSet(requiredVariables);
    }

    /**
     * Whether the service reads this environment variable: an expression names it, or it is the environment form of
     * a property that application.properties sets or {@link LinkopsConfig} maps (SmallRye's env source).
     */
    boolean reads(String variable) {
        // Quarkus reads every KAFKA_* variable as the kafka.* client setting of the same name (security, SASL, SSL).
        return variable.startsWith("KAFKA_") || referencedVariables.contains(variable)
                || properties.keySet().stream().anyMatch(key -> environmentName(key).equals(variable))
                || mappedProperties.stream().anyMatch(key -> environmentName(key).equals(variable))
                || mappedPrefixes.stream().anyMatch(prefix -> variable.startsWith(environmentName(prefix)));
    }

    /** A property's value in a container with this environment; null when it has none. */
    String value(String key, Map<String, String> environment) {
        if (environment.containsKey(environmentName(key))) {
            return environment.get(environmentName(key));
        }
        String raw = properties.get(key);
        return raw == null ? null : expand(raw, environment);
    }

    /** Whether a role turns a messaging channel on, as {@link RoleConfigSourceFactory} decides. */
    static boolean channelEnabled(String role, String channel) {
        ConfigSourceContext context = new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return ConfigValue.builder().withName(name).withValue(role).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return Set.of("linkops.role").iterator();
            }
        };
        for (var source : new RoleConfigSourceFactory().getConfigSources(context)) {
            String enabled = source.getValue("mp.messaging.incoming." + channel + ".enabled");
            if (enabled != null) {
                return Boolean.parseBoolean(enabled);
            }
        }
        return true;
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private String expand(String value, Map<String, String> environment) {
        String result = value;
        Matcher matcher = EXPRESSION.matcher(result);
        while (matcher.find()) {
            String name = matcher.group(1);
            String resolved = environment.containsKey(name) ? environment.get(name) : value(name, environment);
            if (resolved == null) {
                resolved = matcher.group(2);
            }
            if (resolved == null) {
                throw new IllegalStateException("nothing sets " + name);
            }
            result = result.substring(0, matcher.start()) + resolved + result.substring(matcher.end());
            matcher = EXPRESSION.matcher(result);
        }
        return result;
    }

    private void collect(Class<?> mapping, String prefix) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            String name = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                    .toLowerCase(Locale.ROOT);
            Class<?> type = method.getReturnType();
            if (Map.class.isAssignableFrom(type)) {
                mappedPrefixes.add(name + ".");
            } else if (type.isInterface() && type.getEnclosingClass() == LinkopsConfig.class) {
                collect(type, name);
            } else {
                mappedProperties.add(name);
            }
        }
    }
}
