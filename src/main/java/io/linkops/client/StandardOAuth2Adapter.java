package io.linkops.client;

import io.linkops.domain.FailureReason;
import io.linkops.domain.RefreshResult;
import io.linkops.domain.TokenPair;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * RFC 6749 section 6: {@code grant_type=refresh_token} against the provider's token endpoint with the team's
 * client. Fitbit, Oura, Strava, Google, Dexcom, WHOOP and most others speak it; Fitbit puts its error codes in
 * {@code errors[].errorType} instead of {@code error}, so both are read. MyFitnessPal also wants the provider's own
 * user id in the form ({@code user_id}); that variant names the field.
 */
public class StandardOAuth2Adapter extends HttpTokenRefreshAdapter {

    private static final Set<String> CLIENT_ERRORS = Set.of("invalid_client", "unauthorized_client");
    private static final Set<String> GRANT_ERRORS = Set.of("invalid_grant", "invalid_token", "expired_token");

    private final String userIdField;

    public StandardOAuth2Adapter(WebClient http, Duration timeout, Duration fallbackWait) {
        this(http, timeout, fallbackWait, null);
    }

    public StandardOAuth2Adapter(WebClient http, Duration timeout, Duration fallbackWait, String userIdField) {
        super(http, timeout, fallbackWait);
        this.userIdField = userIdField;
    }

    @Override
    protected Uni<RefreshResult> call(RefreshRequest request) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "refresh_token")
                .add("refresh_token", request.refreshToken());
        if (userIdField != null) {
            form.add(userIdField, request.providerUserId());
        }
        var call = http.postAbs(request.tokenUrl()).timeout(timeout.toMillis())
                .putHeader("Accept", "application/json");
        if (request.basicAuthentication()) {
            String credentials = request.clientId() + ":" + request.clientSecret();
            call.putHeader("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.add("client_id", request.clientId()).add("client_secret", request.clientSecret());
        }
        return call.sendForm(form)
                .map(response -> interpret(response, request));
    }

    RefreshResult interpret(HttpResponse<?> response, RefreshRequest request) {
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            return new RefreshResult.RetryLater(retryAfter(response), "token endpoint answered " + status,
                    status == 429);
        }
        JsonObject body = jsonOrEmpty(response);
        String error = errorCode(body);
        if (status == 200 && (error == null || tokenIn(body, "access_token") != null)) {
            return refreshed(body, request);
        }
        if (CLIENT_ERRORS.contains(error)) {
            return new RefreshResult.Rejected(FailureReason.provider_credential_error,
                    "The provider refused the team's OAuth client for this token (" + error + ").");
        }
        String detail = error == null ? "status " + status : error;
        return new RefreshResult.Rejected(FailureReason.token_refresh_failed,
                "The provider refused to refresh the token (" + (GRANT_ERRORS.contains(error) ? error : detail) + ").");
    }

    /** A success: the provider may keep the refresh token (RFC 6749 section 6), but must send an access token. */
    private static RefreshResult refreshed(JsonObject body, RefreshRequest request) {
        String access = tokenIn(body, "access_token");
        if (access == null) {
            return new RefreshResult.Unusable("token endpoint answered 200 without an access_token");
        }
        String refresh = body.containsKey("refresh_token") ? tokenIn(body, "refresh_token") : request.refreshToken();
        if (refresh == null) {
            return new RefreshResult.Unusable("token endpoint answered 200 with an empty refresh_token");
        }
        long expiresIn = body.getLong("expires_in", 0L);
        return new RefreshResult.Refreshed(new TokenPair(access, refresh, Instant.now().getEpochSecond() + expiresIn));
    }

    private Duration retryAfter(HttpResponse<?> response) {
        String header = response.getHeader("Retry-After");
        if (header != null) {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
            } catch (NumberFormatException notSeconds) {
                // an HTTP date: fall back to our own back-off
            }
        }
        return fallbackWait;
    }

    private static JsonObject jsonOrEmpty(HttpResponse<?> response) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            return body == null ? new JsonObject() : body;
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }

    private static String errorCode(JsonObject body) {
        Object error = body.getValue("error");
        if (error instanceof String code) {
            return code;
        }
        Object errors = body.getValue("errors");
        if (errors instanceof JsonArray list && !list.isEmpty() && list.getValue(0) instanceof JsonObject first) {
            return first.getString("errorType");
        }
        return null;
    }
}
