package io.linkops.client;

import io.linkops.domain.FailureReason;
import io.linkops.domain.RefreshResult;
import io.linkops.domain.TokenPair;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;

/**
 * Withings' variant of the refresh grant: {@code action=requesttoken} with the client in the form, and an answer of
 * HTTP 200 whose {@code status} field carries the outcome (0 success, 601 rate limited).
 */
public class WithingsOAuth2Adapter extends HttpTokenRefreshAdapter {

    private static final int OK = 0;
    private static final int TOO_MANY_REQUESTS = 601;

    public WithingsOAuth2Adapter(WebClient http, Duration timeout, Duration fallbackWait) {
        super(http, timeout, fallbackWait);
    }

    @Override
    protected Uni<RefreshResult> call(RefreshRequest request) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("action", "requesttoken")
                .add("grant_type", "refresh_token")
                .add("client_id", request.clientId())
                .add("client_secret", request.clientSecret())
                .add("refresh_token", request.refreshToken());
        return http.postAbs(request.tokenUrl()).timeout(timeout.toMillis()).sendForm(form)
                .map(response -> {
                    if (response.statusCode() != 200) {
                        return (RefreshResult) new RefreshResult.RetryLater(fallbackWait,
                                "token endpoint answered " + response.statusCode(), response.statusCode() == 429);
                    }
                    JsonObject answer = response.bodyAsJsonObject();
                    int status = answer == null ? -1 : answer.getInteger("status", -1);
                    if (status == OK && answer.getJsonObject("body") != null) {
                        return refreshed(answer.getJsonObject("body"));
                    }
                    if (status == TOO_MANY_REQUESTS) {
                        return new RefreshResult.RetryLater(fallbackWait, "rate limited (601)", true);
                    }
                    return new RefreshResult.Rejected(FailureReason.token_refresh_failed,
                            "The provider refused to refresh the token (status " + status + ").");
                });
    }

    /** A success: Withings rotates the refresh token on every refresh, so both tokens must be there. */
    private static RefreshResult refreshed(JsonObject body) {
        String access = tokenIn(body, "access_token");
        String refresh = tokenIn(body, "refresh_token");
        if (access == null || refresh == null) {
            return new RefreshResult.Unusable("token endpoint answered status 0 without "
                    + (access == null ? "an access_token" : "a refresh_token"));
        }
        return new RefreshResult.Refreshed(new TokenPair(access, refresh,
                Instant.now().getEpochSecond() + body.getLong("expires_in", 0L)));
    }
}
