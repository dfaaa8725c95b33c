package io.linkops.deploy;

import static io.linkops.deploy.RenderedManifests.KUBERNETES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every manifest parses, renders, and validates against the Kubernetes and custom-resource schemas, offline. */
class KubernetesManifestSchemaTest {

    private static final ManifestSchemas SCHEMAS = new ManifestSchemas();

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod", "monitoring"})
    void renderedObjectsMatchTheirSchemas(String kustomization) {
        List<ObjectNode> objects = RenderedManifests.render(kustomization).objects();
        assertFalse(objects.isEmpty(), kustomization + " renders nothing");
        List<String> problems = new ArrayList<>();
        objects.forEach(object -> problems.addAll(SCHEMAS.problems(object)));
        assertEquals(List.of(), problems, kustomization);
    }

    @Test
    void everyFileIsPartOfAKustomization() throws IOException {
        Set<Path> referenced = new HashSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(KUBERNETES)) {
            files = walk.filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
                    .toList();
        }
        for (Path file : files) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                referenced.add(file);
                JsonNode kustomization = Kustomization.readDocuments(file).get(0);
                kustomization.path("resources").forEach(entry -> referenced.add(
                        file.getParent().resolve(entry.asText()).normalize()));
                kustomization.path("patches").forEach(entry -> referenced.add(
                        file.getParent().resolve(entry.path("path").asText()).normalize()));
            }
        }
        List<Path> orphans = files.stream().filter(file -> !referenced.contains(file.normalize())).toList();
        assertEquals(List.of(), orphans, "files no kustomization applies");
    }

    @Test
    void noSecretIsCommitted() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of("deployment"))) {
            for (Path file : walk.filter(path -> path.toString().endsWith(".yaml")).toList()) {
                for (ObjectNode object : Kustomization.readDocuments(file)) {
                    assertFalse(object.path("kind").asText().equals("Secret"), file + " holds a Secret");
                }
            }
        }
    }

    // An overlay using a Kustomize feature the test renderer lacks must fail, not render without it.
    @Test
    void rendererRefusesWhatItDoesNotImplement(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("kustomization.yaml"), "resources: []\ncommonLabels: {team: a}\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Kustomization.render(directory));
        assertTrue(refused.getMessage().contains("commonLabels"), refused.getMessage());
    }

    // The checks above pass only if the validator can fail: prove it on a typo in each kind of schema.
    @Test
    void schemasRejectUnknownFieldsWrongTypesAndUnknownKinds() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          readinesProbe: {httpGet: {path: /q/health/ready, port: http}}
                """;
        String scaledObject = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: x}
                spec:
                  scaleTargetRef: {name: x}
                  maxReplicaCount: "12"
                  triggers: [{type: kafka, metadata: {topic: t}}]
                """;
        String kafkaTopic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 12, replica: 3}
                """;
        String unknown = """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """;
        assertProblem(deployment, "readinesProbe");
        assertProblem(scaledObject, "string");
        assertProblem(kafkaTopic, "replica");
        assertProblem(unknown, "no schema");
    }

    private static void assertProblem(String yaml, String expected) {
        try {
            List<String> problems = SCHEMAS.problems(Kustomization.YAML.readTree(yaml));
            assertTrue(problems.stream().anyMatch(problem -> problem.contains(expected)), problems.toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
