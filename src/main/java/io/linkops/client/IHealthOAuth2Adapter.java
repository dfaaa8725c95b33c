package io.linkops.client;

import io.linkops.domain.FailureReason;
import io.linkops.domain.RefreshResult;
import io.linkops.domain.TokenPair;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;

/**
 * iHealth's variant of the refresh grant: a GET with everything in the query ({@code response_type=refresh_token},
 * the client, the refresh token and the iHealth {@code UserID}), answered in PascalCase ({@code AccessToken},
 * {@code RefreshToken}, {@code Expires} in seconds) or with {@code Error} and {@code ErrorCode}.
 */
public class IHealthOAuth2Adapter extends HttpTokenRefreshAdapter {

    public IHealthOAuth2Adapter(WebClient http, Duration timeout, Duration fallbackWait) {
        super(http, timeout, fallbackWait);
    }

    @Override
    protected Uni<RefreshResult> call(RefreshRequest request) {
        return http.getAbs(request.tokenUrl()).timeout(timeout.toMillis())
                .putHeader("Accept", "application/json")
                .addQueryParam("client_id", request.clientId())
                .addQueryParam("client_secret", request.clientSecret())
                .addQueryParam("response_type", "refresh_token")
                .addQueryParam("refresh_token", request.refreshToken())
                .addQueryParam("UserID", request.providerUserId())
                .send()
                .map(response -> {
                    int status = response.statusCode();
                    if (status == 429 || status >= 500) {
                        return (RefreshResult) new RefreshResult.RetryLater(fallbackWait,
                                "token endpoint answered " + status, status == 429);
                    }
                    JsonObject body = jsonOrEmpty(response.bodyAsString());
                    String access = tokenIn(body, "AccessToken");
                    if (status == 200 && access != null) {
                        String refresh = tokenIn(body, "RefreshToken");
                        return refresh == null
                                ? new RefreshResult.Unusable("token endpoint answered without a RefreshToken")
                                : new RefreshResult.Refreshed(new TokenPair(access, refresh,
                                        Instant.now().getEpochSecond() + body.getLong("Expires", 0L)));
                    }
                    Object code = body.getValue("ErrorCode");
                    return new RefreshResult.Rejected(FailureReason.token_refresh_failed,
                            "The provider refused to refresh the token (" + (code == null ? "status " + status
                                    : "ErrorCode " + code) + ").");
                });
    }

    private static JsonObject jsonOrEmpty(String body) {
        try {
            return body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }
}
