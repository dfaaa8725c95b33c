package io.linkops.testinfra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Bulk import bodies with recognisable, unique token values the tests can search for. */
public final class Recipes {

    private Recipes() {
    }

    public static String accessToken(UUID userId, String marker) {
        return "at-" + marker + "-" + userId;
    }

    public static String refreshToken(UUID userId, String marker) {
        return "rt-" + marker + "-" + userId;
    }

    public static Map<String, Object> recipe(UUID userId, String marker) {
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("user_id", userId.toString());
        recipe.put("access_token", accessToken(userId, marker));
        recipe.put("refresh_token", refreshToken(userId, marker));
        recipe.put("provider_id", "ext-" + userId);
        recipe.put("expires_at", 1_900_000_000L);
        recipe.put("oauth_scopes", List.of("activity", "sleep"));
        return recipe;
    }

    public static Map<String, Object> body(String provider, List<UUID> userIds, String marker, boolean wait) {
        List<Map<String, Object>> connections = new ArrayList<>(userIds.size());
        for (UUID userId : userIds) {
            connections.add(recipe(userId, marker));
        }
        return body(provider, connections, wait);
    }

    public static Map<String, Object> body(String provider, List<Map<String, Object>> connections, boolean wait) {
        Map<String, Object> body = new HashMap<>();
        body.put("provider", provider);
        body.put("connections", connections);
        body.put("wait_for_completion", wait);
        return body;
    }
}
