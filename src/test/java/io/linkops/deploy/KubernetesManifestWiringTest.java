package io.linkops.deploy;

import static io.linkops.deploy.RenderedManifests.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The rendered overlays fit the service: settings it reads, its secrets, its roles, ports, probes and shutdown. */
class KubernetesManifestWiringTest {

    static final List<String> OVERLAYS = RenderedManifests.OVERLAYS;
    private static final List<String> DEPLOYMENTS = List.of("linkops-api", "linkops-worker", "linkops-operator");
    private static final String SECRET = "linkops-secrets";
    private static final String ADMIN_KEY = "LINKOPS_ADMIN_KEY";
    // Secrets an overlay may add: the Kafka SASL login (prod), never in a ConfigMap.
    private static final Set<String> OPTIONAL_SECRETS = Set.of("KAFKA_SASL_JAAS_CONFIG");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyVariableIsASettingTheServiceReads(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        for (String deployment : DEPLOYMENTS) {
            List<String> unread = manifests.environment(deployment).keySet().stream()
                    .filter(variable -> !SERVICE.reads(variable)).sorted().toList();
            assertEquals(List.of(), unread, overlay + " " + deployment + ": variables the service never reads");
            for (JsonNode variable : manifests.container(deployment).path("env")) {
                JsonNode reference = variable.path("valueFrom").path("configMapKeyRef");
                if (!reference.isMissingNode()) {
                    assertTrue(manifests.one("ConfigMap", reference.path("name").asText()).path("data")
                            .has(reference.path("key").asText()), overlay + ": no ConfigMap key " + reference);
                }
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void secretsComeFromTheSecretOnly(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Set<String> secrets = new HashSet<>(SERVICE.requiredVariables());
        secrets.add("LINKOPS_DB_PASSWORD");
        assertTrue(secrets.contains(ADMIN_KEY));
        for (String deployment : DEPLOYMENTS) {
            // Only the operator role reads the operator key; the other pods never receive it.
            Set<String> expected = new HashSet<>(secrets);
            if (!manifests.environment(deployment).get("LINKOPS_ROLE").contains("operator")) {
                expected.remove(ADMIN_KEY);
            }
            Set<String> fromSecret = new HashSet<>();
            for (JsonNode variable : manifests.container(deployment).path("env")) {
                JsonNode reference = variable.path("valueFrom").path("secretKeyRef");
                if (!reference.isMissingNode()) {
                    assertEquals(SECRET, reference.path("name").asText(), overlay + " " + deployment);
                    assertFalse(reference.path("optional").asBoolean(false), "a secret must not be optional");
                    fromSecret.add(variable.path("name").asText());
                }
            }
            Set<String> beyond = new HashSet<>(fromSecret);
            beyond.removeAll(expected);
            assertTrue(fromSecret.containsAll(expected), overlay + " " + deployment + ": set from " + SECRET + ": "
                    + fromSecret);
            assertTrue(OPTIONAL_SECRETS.containsAll(beyond), overlay + " " + deployment + ": only secrets from "
                    + SECRET + ", not " + beyond);
        }
        secrets.addAll(OPTIONAL_SECRETS);
        manifests.all("ConfigMap").forEach(configMap -> secrets.forEach(secret -> assertFalse(
                configMap.path("data").has(secret), overlay + ": " + secret + " in a ConfigMap")));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachDeploymentRunsItsRoleOfTheSameImage(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        assertEquals("api", manifests.environment("linkops-api").get("LINKOPS_ROLE"));
        assertEquals("worker", manifests.environment("linkops-worker").get("LINKOPS_ROLE"));
        assertEquals("operator", manifests.environment("linkops-operator").get("LINKOPS_ROLE"));
        String image = manifests.container("linkops-api").path("image").asText();
        assertEquals(image, manifests.container("linkops-worker").path("image").asText());
        assertEquals(image, manifests.container("linkops-operator").path("image").asText());
        assertTrue(image.contains("/") && image.contains(":"), overlay + " sets a registry and a tag: " + image);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void probesAndMetricsUseTheManagementPortAndServicesTheApiPort(String overlay) throws IOException {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        assertEquals("true", SERVICE.value("quarkus.management.enabled", Map.of()),
                "the packaged service serves health and metrics on the management interface");
        Matcher exposed = Pattern.compile("(?m)^EXPOSE ([\\d ]+)$")
                .matcher(Files.readString(Path.of("Dockerfile.jvm")));
        assertTrue(exposed.find(), "Dockerfile.jvm exposes its ports");
        Set<Integer> exposedPorts = new HashSet<>();
        for (String port : exposed.group(1).trim().split(" +")) {
            exposedPorts.add(Integer.parseInt(port));
        }
        for (String deployment : DEPLOYMENTS) {
            int http = Integer.parseInt(manifests.setting(deployment, "quarkus.http.port"));
            int management = managementPort(manifests, deployment);
            assertNotEquals(http, management);
            assertEquals(Set.of(http, management), exposedPorts, "Dockerfile.jvm's EXPOSE");
            JsonNode container = manifests.container(deployment);
            assertEquals(management, containerPort(container, "management"), deployment + "'s management port");
            boolean servesAnApi = !manifests.environment(deployment).get("LINKOPS_ROLE").equals("worker");
            assertEquals(servesAnApi, hasContainerPort(container, "http"), deployment + " declares an API port");
            if (servesAnApi) {
                assertEquals(http, containerPort(container, "http"), deployment + "'s http port");
            }
            Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "livenessProbe",
                    "/q/health/live", "readinessProbe", "/q/health/ready");
            probes.forEach((probe, path) -> {
                JsonNode httpGet = container.path(probe).path("httpGet");
                assertEquals(path, httpGet.path("path").asText(), deployment + " " + probe);
                assertEquals(management, resolvePort(container, httpGet.path("port")), deployment + " " + probe);
            });
            JsonNode annotations = manifests.one("Deployment", deployment).path("spec").path("template")
                    .path("metadata").path("annotations");
            assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
            assertEquals(String.valueOf(management), annotations.path("prometheus.io/port").asText());
        }
        for (String name : List.of("linkops-api", "linkops-operator")) {
            JsonNode service = manifests.one("Service", name);
            String deployment = selected(manifests, service.path("spec").path("selector"));
            assertEquals(name, deployment);
            JsonNode ports = service.path("spec").path("ports");
            assertEquals(1, ports.size(), name + " exposes the API port alone");
            assertEquals(Integer.parseInt(manifests.setting(deployment, "quarkus.http.port")),
                    resolvePort(manifests.container(deployment), ports.get(0).path("targetPort")), name);
        }
        JsonNode managementService = manifests.one("Service", "linkops-management");
        JsonNode managementSelector = managementService.path("spec").path("selector");
        assertEquals(DEPLOYMENTS, DEPLOYMENTS.stream().filter(deployment -> matches(managementSelector,
                podLabels(manifests, deployment))).toList(), "linkops-management finds every pod");
        JsonNode managementPorts = managementService.path("spec").path("ports");
        assertEquals(1, managementPorts.size());
        assertEquals("management", managementPorts.get(0).path("name").asText());
        DEPLOYMENTS.forEach(deployment -> assertEquals(managementPort(manifests, deployment),
                resolvePort(manifests.container(deployment), managementPorts.get(0).path("targetPort"))));
        JsonNode monitor = RenderedManifests.render("monitoring").one("ServiceMonitor", "linkops").path("spec");
        assertTrue(matches(monitor.path("selector").path("matchLabels"), managementService.path("metadata")
                .path("labels")), "the ServiceMonitor selects linkops-management");
        for (JsonNode service : manifests.all("Service")) {
            if (service != managementService) {
                assertFalse(matches(monitor.path("selector").path("matchLabels"), service.path("metadata")
                        .path("labels")), "the ServiceMonitor selects no API Service: " + Kustomization.id(service));
            }
        }
        JsonNode endpoint = monitor.path("endpoints").get(0);
        assertEquals("management", endpoint.path("port").asText());
        assertEquals("/q/metrics", endpoint.path("path").asText());
    }

    @Test
    void productionReachesKafkaAndPostgresqlOverVerifiedTls() {
        RenderedManifests manifests = RenderedManifests.render("overlays/prod");
        for (String deployment : DEPLOYMENTS) {
            Map<String, String> environment = manifests.environment(deployment);
            assertEquals("SASL_SSL", environment.get("KAFKA_SECURITY_PROTOCOL"), deployment);
            assertEquals("verify-full", SERVICE.value("quarkus.datasource.reactive.postgresql.ssl-mode", environment));
            assertTrue(SERVICE.value("quarkus.datasource.jdbc.url", environment).contains("sslmode=verify-full"),
                    deployment + ": Flyway's connection verifies the server too");
            List<String> mounted = new ArrayList<>();
            manifests.container(deployment).path("volumeMounts").forEach(mount -> mounted.add(mount.path("mountPath")
                    .asText()));
            for (String file : List.of(environment.get("KAFKA_SSL_TRUSTSTORE_LOCATION"),
                    environment.get("LINKOPS_DB_SSL_ROOT_CERT"))) {
                assertTrue(mounted.stream().anyMatch(path -> file.startsWith(path + "/")), deployment + ": " + file
                        + " is on a mounted volume " + mounted);
            }
        }
        for (JsonNode trigger : manifests.one("ScaledObject", "linkops-worker").path("spec").path("triggers")) {
            assertEquals("enable", trigger.path("metadata").path("tls").asText(), "KEDA reads the lag over TLS");
            manifests.one("TriggerAuthentication", trigger.path("authenticationRef").path("name").asText());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void gracePeriodCoversTheShutdownTimeout(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        for (String deployment : DEPLOYMENTS) {
            Duration shutdown = Duration.parse("PT" + manifests.setting(deployment, "quarkus.shutdown.timeout")
                    .toUpperCase());
            JsonNode pod = manifests.one("Deployment", deployment).path("spec").path("template").path("spec");
            long preStop = manifests.container(deployment).path("lifecycle").path("preStop").path("sleep")
                    .path("seconds").asLong(0);
            long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
            // Kubernetes counts the preStop hook inside the grace period; then the service has its own timeout.
            assertTrue(grace >= preStop + shutdown.toSeconds() + 5, deployment + ": grace " + grace
                    + " s < preStop " + preStop + " s + quarkus.shutdown.timeout " + shutdown + " + 5 s");
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void selectorsAndReferencesPointAtRealObjects(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        for (String deployment : DEPLOYMENTS) {
            JsonNode spec = manifests.one("Deployment", deployment).path("spec");
            assertTrue(matches(spec.path("selector").path("matchLabels"), spec.path("template").path("metadata")
                    .path("labels")), deployment + "'s selector matches its pods");
            manifests.one("ServiceAccount", spec.path("template").path("spec").path("serviceAccountName").asText());
        }
        assertEquals("linkops-api", selected(manifests, manifests.one("Service", "linkops-api").path("spec")
                .path("selector")));
        assertEquals("linkops-operator", selected(manifests, manifests.one("Service", "linkops-operator")
                .path("spec").path("selector")));
        assertEquals("linkops-api", selected(manifests, manifests.one("PodDisruptionBudget", "linkops-api")
                .path("spec").path("selector").path("matchLabels")));
        assertEquals("linkops-worker", selected(manifests, manifests.one("PodDisruptionBudget", "linkops-worker")
                .path("spec").path("selector").path("matchLabels")));
        JsonNode everyPod = manifests.one("NetworkPolicy", "linkops").path("spec").path("podSelector")
                .path("matchLabels");
        DEPLOYMENTS.forEach(deployment -> assertTrue(matches(everyPod, podLabels(manifests, deployment)),
                deployment + " is covered"));
        for (String role : List.of("api", "operator")) {
            assertEquals("linkops-" + role, selected(manifests, manifests.one("NetworkPolicy", "linkops-" + role)
                    .path("spec").path("podSelector").path("matchLabels")));
        }
        assertEquals("linkops-api", manifests.one("HorizontalPodAutoscaler", "linkops-api").path("spec")
                .path("scaleTargetRef").path("name").asText());
        assertEquals("linkops-worker", manifests.one("ScaledObject", "linkops-worker").path("spec")
                .path("scaleTargetRef").path("name").asText());
        Set<String> namespaces = new HashSet<>();
        manifests.objects().forEach(object -> namespaces.add(object.path("metadata").path("namespace").asText()));
        assertEquals(1, namespaces.size(), "one namespace: " + namespaces);
        assertNotEquals("", namespaces.iterator().next());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void networkPolicyLetsThroughTheDatabaseKafkaAndDns(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        JsonNode policy = manifests.one("NetworkPolicy", "linkops").path("spec");
        Set<Integer> egress = ports(policy.path("egress"));
        for (String deployment : DEPLOYMENTS) {
            Map<String, String> environment = manifests.environment(deployment);
            List<Integer> needed = new ArrayList<>();
            needed.add(Integer.parseInt(SERVICE.value("quarkus.datasource.reactive.url", environment)
                    .replaceAll("^.*:(\\d+)/.*$", "$1")));
            for (String server : SERVICE.value("kafka.bootstrap.servers", environment).split(",")) {
                needed.add(Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)));
            }
            needed.add(53);
            needed.forEach(port -> assertTrue(egress.contains(port), overlay + ": egress to port " + port));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachPortAdmitsOnlyItsCallers(String overlay) {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        JsonNode monitoring = peerOf(manifests, "linkops", 9000);
        JsonNode ingress = peerOf(manifests, "linkops-api", 8080);
        JsonNode operators = peerOf(manifests, "linkops-operator", 8080);
        assertNotEquals(ingress, operators, "the operator API does not admit the ingress's peers");
        assertNotEquals(ingress, monitoring);
        Map<String, Map<Integer, List<JsonNode>>> expected = Map.of(
                "linkops-api", Map.of(8080, List.of(ingress), 9000, List.of(monitoring)),
                "linkops-worker", Map.of(9000, List.of(monitoring)),
                "linkops-operator", Map.of(8080, List.of(operators), 9000, List.of(monitoring)));
        for (String deployment : DEPLOYMENTS) {
            Map<Integer, List<JsonNode>> admitted = new HashMap<>();
            for (JsonNode policy : manifests.all("NetworkPolicy")) {
                JsonNode spec = policy.path("spec");
                if (!matches(spec.path("podSelector").path("matchLabels"), podLabels(manifests, deployment))) {
                    continue;
                }
                for (JsonNode rule : spec.path("ingress")) {
                    assertFalse(rule.path("from").isEmpty(), Kustomization.id(policy) + " admits anyone");
                    assertFalse(rule.path("ports").isEmpty(), Kustomization.id(policy) + " admits every port");
                    rule.path("ports").forEach(port -> rule.path("from").forEach(peer -> admitted
                            .computeIfAbsent(port.path("port").asInt(), any -> new ArrayList<>()).add(peer)));
                }
            }
            assertEquals(expected.get(deployment), admitted, overlay + " " + deployment);
        }
    }

    // The one peer a policy's one ingress rule admits to a port.
    private static JsonNode peerOf(RenderedManifests manifests, String policy, int port) {
        JsonNode rules = manifests.one("NetworkPolicy", policy).path("spec").path("ingress");
        assertEquals(1, rules.size(), policy);
        assertEquals(Set.of(port), ports(rules), policy);
        assertEquals(1, rules.get(0).path("from").size(), policy);
        return rules.get(0).path("from").get(0);
    }

    private static JsonNode podLabels(RenderedManifests manifests, String deployment) {
        return manifests.one("Deployment", deployment).path("spec").path("template").path("metadata")
                .path("labels");
    }

    private static int managementPort(RenderedManifests manifests, String deployment) {
        String configured = manifests.setting(deployment, "quarkus.management.port");
        return configured == null ? 9000 : Integer.parseInt(configured);
    }

    private static boolean hasContainerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Set<Integer> ports(JsonNode rules) {
        Set<Integer> ports = new HashSet<>();
        rules.forEach(rule -> rule.path("ports").forEach(port -> ports.add(port.path("port").asInt())));
        return ports;
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    private static int resolvePort(JsonNode container, JsonNode port) {
        return port.isInt() ? port.asInt() : containerPort(container, port.asText());
    }

    // The one Deployment whose pods carry every label of the selector.
    private static String selected(RenderedManifests manifests, JsonNode selector) {
        List<String> matched = DEPLOYMENTS.stream().filter(deployment -> matches(selector, manifests
                .one("Deployment", deployment).path("spec").path("template").path("metadata").path("labels")))
                .toList();
        assertEquals(1, matched.size(), "selector " + selector + " matches " + matched);
        return matched.get(0);
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        List<Boolean> each = new ArrayList<>();
        selector.fields().forEachRemaining(entry -> each.add(labels.path(entry.getKey()).equals(entry.getValue())));
        return !each.isEmpty() && !each.contains(false);
    }
}
