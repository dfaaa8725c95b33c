package io.linkops.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkops.testinfra.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every path the prod manifests probe or scrape answers 200 on the running service. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class KubernetesProbePathsTest {

    @Test
    void probedAndScrapedPathsAnswer() {
        RenderedManifests manifests = RenderedManifests.render("overlays/prod");
        List<String> paths = new ArrayList<>();
        for (String deployment : List.of("linkops-api", "linkops-worker")) {
            JsonNode container = manifests.container(deployment);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                paths.add(container.path(probe).path("httpGet").path("path").asText());
            }
            paths.add(manifests.one("Deployment", deployment).path("spec").path("template").path("metadata")
                    .path("annotations").path("prometheus.io/path").asText());
        }
        assertEquals(8, paths.size());
        paths.forEach(path -> assertEquals(200, given().get(path).statusCode(), path));
    }
}
