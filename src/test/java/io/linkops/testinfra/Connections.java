package io.linkops.testinfra;

import static io.linkops.testinfra.Teams.as;

import io.linkops.testinfra.Teams.TestTeam;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;

/** Connections created the way a team creates them (a bulk import), about to expire so the refresher wants them. */
public final class Connections {

    private Connections() {
    }

    /** One new user of the team with a connection to the provider that expires in a minute. */
    public static UUID importExpiringSoon(TestTeam team, String provider, String marker) {
        return importExpiringSoon(team, provider, marker, 1).get(0);
    }

    /** {@code count} new users of the team, each with a connection to the provider that expires in a minute. */
    public static List<UUID> importExpiringSoon(TestTeam team, String provider, String marker, int count) {
        List<UUID> users = count == 1 ? List.of(Teams.createUser(team, Teams.unique(marker)))
                : Teams.createUsers(team, count);
        List<Map<String, Object>> recipes = new ArrayList<>();
        for (UUID user : users) {
            Map<String, Object> recipe = Recipes.recipe(user, marker);
            recipe.put("expires_at", Instant.now().plusSeconds(60).getEpochSecond());
            recipes.add(recipe);
        }
        as(team).body(Recipes.body(provider, recipes, true)).post("/v2/link/bulk_import")
                .then().statusCode(200).body("status", Matchers.equalTo("success"));
        return users;
    }

    public static UUID connectionId(UUID user) {
        return (UUID) Database.rows("select id from connections where user_id = ?", user).get(0).get(0);
    }
}
