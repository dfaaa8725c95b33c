package io.linkops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One rendered kustomization, with the look-ups the manifest checks share. */
record RenderedManifests(String name, List<ObjectNode> objects) {

    static final Path KUBERNETES = Path.of("deployment/kubernetes");
    static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod");
    static final ServiceConfiguration SERVICE = new ServiceConfiguration(
            Path.of("src/main/resources/application.properties"));

    static RenderedManifests render(String kustomization) {
        return new RenderedManifests(kustomization, Kustomization.render(KUBERNETES.resolve(kustomization)));
    }

    List<ObjectNode> all(String kind) {
        return objects.stream().filter(object -> object.path("kind").asText().equals(kind)).toList();
    }

    ObjectNode one(String kind, String objectName) {
        List<ObjectNode> found = all(kind).stream()
                .filter(object -> object.path("metadata").path("name").asText().equals(objectName)).toList();
        assertEquals(1, found.size(), name + ": expected one " + kind + "/" + objectName);
        return found.get(0);
    }

    /** The single container of a Deployment's pods. */
    JsonNode container(String deployment) {
        JsonNode containers = one("Deployment", deployment).path("spec").path("template").path("spec")
                .path("containers");
        assertEquals(1, containers.size(), deployment + " runs one container");
        return containers.get(0);
    }

    /**
     * The environment a container starts with, as far as the manifests say: ConfigMap entries through envFrom, then
     * plain values; variables from a Secret map to a placeholder, since their values never live in the repository.
     */
    Map<String, String> environment(String deployment) {
        JsonNode container = container(deployment);
        Map<String, String> environment = new HashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            JsonNode configMap = one("ConfigMap", source.path("configMapRef").path("name").asText());
            configMap.path("data").fields().forEachRemaining(entry -> environment.put(
                    source.path("prefix").asText("") + entry.getKey(), entry.getValue().asText()));
        }
        for (JsonNode variable : container.path("env")) {
            JsonNode from = variable.path("valueFrom");
            if (from.has("configMapKeyRef")) {
                JsonNode data = one("ConfigMap", from.path("configMapKeyRef").path("name").asText()).path("data");
                environment.put(variable.path("name").asText(),
                        data.path(from.path("configMapKeyRef").path("key").asText()).asText());
            } else if (from.has("secretKeyRef")) {
                environment.put(variable.path("name").asText(), "<secret>");
            } else {
                environment.put(variable.path("name").asText(), variable.path("value").asText());
            }
        }
        return environment;
    }

    /** A setting of the service as it resolves inside a Deployment's container. */
    String setting(String deployment, String property) {
        return SERVICE.value(property, environment(deployment));
    }

    @Override
    public String toString() {
        return name;
    }
}
