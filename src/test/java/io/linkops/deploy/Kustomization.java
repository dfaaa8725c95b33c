package io.linkops.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization as {@code kubectl apply -k} would, for the features linkops' kustomizations use and no
 * others: {@code resources} (files and directories), {@code namespace}, {@code images} (name, newName, newTag) and
 * {@code patches} given by path as strategic-merge patches. Anything else fails loudly rather than render wrongly.
 */
final class Kustomization {

    static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "images", "patches");
    private static final Set<String> IMAGE_FIELDS = Set.of("name", "newName", "newTag");
    // Lists of built-in kinds that a strategic merge merges by a key instead of replacing.
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath");
    // Lists of built-in kinds with no merge key in Kubernetes' schema: a strategic merge replaces them whole.
    private static final Set<String> REPLACED_LISTS = Set.of("ingress", "egress");

    private Kustomization() {
    }

    /** The objects a kustomization directory renders to. */
    static List<ObjectNode> render(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        JsonNode kustomization = readDocuments(file).get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalStateException(file + ": '" + field + "' is not implemented by the test renderer");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path resource = directory.resolve(entry.asText()).normalize();
            List<ObjectNode> rendered = Files.isDirectory(resource) ? render(resource) : readDocuments(resource);
            for (ObjectNode object : rendered) {
                if (find(objects, object) != null) {
                    throw new IllegalStateException(file + ": " + id(object) + " is defined twice");
                }
                objects.add(object);
            }
        }
        for (JsonNode patch : kustomization.path("patches")) {
            if (patch.size() != 1 || !patch.has("path")) {
                throw new IllegalStateException(file + ": only patches given by 'path' are implemented: " + patch);
            }
            for (ObjectNode document : readDocuments(directory.resolve(patch.path("path").asText()))) {
                ObjectNode target = find(objects, document);
                if (target == null) {
                    throw new IllegalStateException(file + ": patch " + id(document) + " matches no resource");
                }
                merge(target, document, isBuiltIn(target));
            }
        }
        if (kustomization.has("namespace")) {
            objects.forEach(object -> ((ObjectNode) object.path("metadata"))
                    .put("namespace", kustomization.path("namespace").asText()));
        }
        for (JsonNode image : kustomization.path("images")) {
            image.fieldNames().forEachRemaining(field -> {
                if (!IMAGE_FIELDS.contains(field)) {
                    throw new IllegalStateException(file + ": image field '" + field + "' is not implemented");
                }
            });
            objects.forEach(object -> setImage(object, image));
        }
        return objects;
    }

    /** Every non-empty YAML document of a file, as objects. */
    static List<ObjectNode> readDocuments(Path file) {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            List<ObjectNode> objects = new ArrayList<>();
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document instanceof ObjectNode object) {
                    objects.add(object);
                } else if (document != null && !document.isNull() && !document.isMissingNode()) {
                    throw new IllegalStateException(file + ": a document that is not an object: " + document);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(file + " does not parse", e);
        }
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    private static ObjectNode find(List<ObjectNode> objects, JsonNode like) {
        return objects.stream().filter(object -> id(object).equals(id(like))).findFirst().orElse(null);
    }

    // Custom resources have no patch strategy in kustomize (no schema), so their lists are replaced whole.
    private static boolean isBuiltIn(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    private static void merge(ObjectNode target, ObjectNode patch, boolean builtIn) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            JsonNode current = target.get(name);
            if (name.startsWith("$")) {
                throw new IllegalStateException("patch directive " + name + " is not implemented");
            } else if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value, builtIn);
            } else if (value.isArray() && builtIn && !MERGE_KEYS.containsKey(name) && !REPLACED_LISTS.contains(name)) {
                throw new IllegalStateException("merging the list '" + name + "' is not implemented");
            } else if (value.isArray() && builtIn && current != null && current.isArray()
                    && MERGE_KEYS.containsKey(name)) {
                mergeList((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(name));
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key) {
        for (JsonNode item : patch) {
            JsonNode match = null;
            for (JsonNode existing : target) {
                if (existing.path(key).equals(item.path(key))) {
                    match = existing;
                }
            }
            if (match == null) {
                target.add(item.deepCopy());
            } else {
                merge((ObjectNode) match, (ObjectNode) item, true);
            }
        }
    }

    private static void setImage(ObjectNode object, JsonNode image) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : object.path("spec").path("template").path("spec").path(list)) {
                String current = container.path("image").asText();
                String name = current.split("[:@]")[0];
                if (name.equals(image.path("name").asText())) {
                    String newName = image.path("newName").asText(name);
                    String tag = image.has("newTag") ? ":" + image.path("newTag").asText()
                            : current.substring(name.length());
                    ((ObjectNode) container).put("image", newName + tag);
                }
            }
        }
    }
}
