package io.linkops.deploy;

import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.schema.validator.Validator;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Validates Kubernetes objects offline. Built-in kinds and the Prometheus Operator's are checked against the
 * OpenAPI schemas that fabric8's {@code kubernetes-model-validator} ships; KEDA's ScaledObject and Strimzi's
 * KafkaTopic against {@code deploy/custom-resources.openapi.yaml}. A field a schema does not list is an error, and
 * so is a kind no schema covers: nothing passes unchecked.
 */
final class ManifestSchemas {

    private final OpenAPI kubernetes = kubernetesSchemas();
    private final OpenAPI custom = new OpenAPIParser()
            .readContents(resource(ManifestSchemas.class, "/deploy/custom-resources.openapi.yaml"), null, null)
            .getOpenAPI();
    private final SchemaValidator kubernetesValidator = new SchemaValidator(kubernetes, new MessageResolver());
    private final SchemaValidator customValidator = new SchemaValidator(custom, new MessageResolver());

    /** The problems of one object, empty when it is valid. */
    List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String where = kind + "/" + object.path("metadata").path("name").asText() + ": ";
        String definition = definitionName(apiVersion, kind);
        List<String> problems = new ArrayList<>();
        if (kubernetes.getComponents().getSchemas().containsKey(definition)) {
            validate(kubernetesValidator, kubernetes.getComponents().getSchemas().get(definition), object, where,
                    problems);
        } else if (custom.getComponents().getSchemas().containsKey(definition)) {
            validate(customValidator, custom.getComponents().getSchemas().get(definition), object, where, problems);
        } else {
            problems.add(where + "no schema for " + apiVersion + " " + kind + " (" + definition + ")");
        }
        return problems;
    }

    private static void validate(SchemaValidator validator, Schema<?> schema, JsonNode object, String where,
            List<String> problems) {
        validator.validate(() -> object, schema, null).getMessages()
                .forEach(message -> problems.add(where + message.getMessage()));
    }

    // Definitions are named after the API group: io.k8s.api.<group> for Kubernetes' own, else the group reversed.
    private static String definitionName(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "core";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        if (!group.contains(".") || group.endsWith(".k8s.io")) {
            return "io.k8s.api." + group.split("\\.")[0] + "." + version + "." + kind;
        }
        List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
        Collections.reverse(parts);
        return String.join(".", parts) + "." + version + "." + kind;
    }

    // The API server accepts a number or a string for these two; the shipped schemas say string only.
    private static OpenAPI kubernetesSchemas() {
        OpenAPI api = new OpenAPIParser().readContents(resource(Validator.class, "/openshift-generated.json"), null,
                null).getOpenAPI();
        for (String name : List.of("io.k8s.apimachinery.pkg.util.intstr.IntOrString",
                "io.k8s.apimachinery.pkg.api.resource.Quantity")) {
            api.getComponents().getSchemas().put(name, new ComposedSchema()
                    .anyOf(List.of(new IntegerSchema(), new StringSchema())));
        }
        return api;
    }

    private static String resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
