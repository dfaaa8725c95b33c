package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.testinfra.Database;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /v2/link/bulk_op/{id}/failures.csv} on the real stack. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class FailuresCsvTest {

    @Test
    void listsEveryFailedItemWithItsClientUserIdAndReason() {
        TestTeam team = Teams.createMigrating("failures csv", "fitbit");
        UUID known = Teams.createUser(team, "=cmd|' /C calc'!A0");
        UUID imported = Teams.createUser(team, "fine");
        UUID stranger = Teams.createUser(Teams.createMigrating("csv stranger", "fitbit"), "someone-else");
        UUID missing = UUID.randomUUID();
        Map<String, Object> duplicate = Recipes.recipe(known, "csv");
        Map<String, Object> first = Recipes.recipe(imported, "csv");
        duplicate.put("provider_id", first.get("provider_id"));
        List<Map<String, Object>> connections = List.of(first, duplicate, Recipes.recipe(stranger, "csv"),
                Recipes.recipe(missing, "csv"));
        String opId = as(team).body(Recipes.body("fitbit", connections, true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("failure")).extract().path("bulk_op_id");

        Response csv = as(team).get("/v2/link/bulk_op/" + opId + "/failures.csv");
        csv.then().statusCode(200).contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("bulk-op-" + opId + "-failures.csv"));
        List<String> lines = Arrays.asList(csv.asString().split("\r\n"));
        assertEquals("user_id,client_user_id,error_type,error_message", lines.get(0));
        assertEquals(List.of(
                known + ",'=cmd|' /C calc'!A0,duplicate_connection,"
                        + "This provider account is already connected to another user of the team.",
                stranger + ",,user_not_found,The user does not exist in this team.",
                missing + ",,user_not_found,The user does not exist in this team."), lines.subList(1, lines.size()),
                "item order; another team's user is not named; a formula is defused");
    }

    @Test
    void streamsTenThousandFailures() {
        TestTeam team = Teams.createMigrating("failures csv large", "fitbit");
        List<UUID> nobody = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            nobody.add(UUID.randomUUID());
        }
        String opId = as(team).body(Recipes.body("fitbit", nobody, "nobody", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", equalTo("failure")).extract().path("bulk_op_id");

        String[] lines = as(team).get("/v2/link/bulk_op/" + opId + "/failures.csv").then().statusCode(200)
                .extract().asString().split("\r\n");
        assertEquals(10_001, lines.length);
        Set<String> users = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            users.add(lines[i].substring(0, lines[i].indexOf(',')));
        }
        assertEquals(10_000, users.size());
        assertTrue(users.contains(nobody.get(9_999).toString()));
    }

    @Test
    void anotherTeamsOpIsNotFound() {
        TestTeam owner = Teams.createMigrating("csv owner", "fitbit");
        TestTeam other = Teams.createMigrating("csv other", "fitbit");
        String opId = as(owner).body(Recipes.body("fitbit", List.of(UUID.randomUUID()), "x", true))
                .post("/v2/link/bulk_import").then().statusCode(200).extract().path("bulk_op_id");

        as(other).get("/v2/link/bulk_op/" + opId + "/failures.csv").then().statusCode(404)
                .body("detail", equalTo("Bulk operation not found."));
        as(other).get("/v2/link/bulk_op/nope/failures.csv").then().statusCode(422);
        assertEquals(1, Database.count("select count(*) from bulk_op_items where op_id = ?::uuid", opId));
    }
}
