package io.linkops.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.linkops.testinfra.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The migration extensions (cancel, events, failures.csv, dry_run, Idempotency-Key) are in the OpenAPI document. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class MigrationExtensionsDocumentedTest {

    @Test
    void everyNewEndpointFieldAndHeaderIsDescribed() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v2/link/bulk_op/{bulk_op_id}/cancel'.post.summary", containsString("extension"))
                .body("paths.'/v2/link/bulk_op/{bulk_op_id}/events'.get.responses.'200'.content",
                        notNullValue())
                .body("paths.'/v2/link/bulk_op/{bulk_op_id}/events'.get.summary", containsString("extension"))
                .body("paths.'/v2/link/bulk_op/{bulk_op_id}/failures.csv'.get.responses.'200'.content.'text/csv'",
                        notNullValue())
                .body("paths.'/v2/link/bulk_import'.post.parameters.name", hasItem("Idempotency-Key"))
                .body("paths.'/v2/link/bulk_import'.post.parameters.name", hasItem("X-Idempotency-Key"))
                .body("paths.'/v2/link/bulk_trigger_historical_pull'.post.parameters.name",
                        hasItem("Idempotency-Key"))
                .body("components.schemas.BulkImportConnectionsBody.properties.dry_run", notNullValue());
    }

    @Test
    void swaggerUiServesTheDocumentWhereItsProfileTurnsItOn() {
        given().get("/q/swagger-ui/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("swagger-ui"));
    }
}
