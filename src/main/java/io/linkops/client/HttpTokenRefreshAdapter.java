package io.linkops.client;

import io.linkops.domain.RefreshResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;

/** What every HTTP adapter shares: the client, the call bound, and "unreachable means try again later". */
abstract class HttpTokenRefreshAdapter implements TokenRefreshAdapter {

    protected final WebClient http;
    protected final Duration timeout;
    protected final Duration fallbackWait;

    HttpTokenRefreshAdapter(WebClient http, Duration timeout, Duration fallbackWait) {
        this.http = http;
        this.timeout = timeout;
        this.fallbackWait = fallbackWait;
    }

    @Override
    public final Uni<RefreshResult> refresh(RefreshRequest request) {
        return call(request).onFailure().recoverWithItem(failure -> new RefreshResult.RetryLater(fallbackWait,
                "token endpoint unreachable (" + failure.getClass().getSimpleName() + ")", false));
    }

    /** The provider's answer; a failed Uni only when the endpoint could not be reached. */
    protected abstract Uni<RefreshResult> call(RefreshRequest request);

    /** A token field of a provider's answer, or null when it is absent, not a string or blank. */
    protected static String tokenIn(JsonObject body, String field) {
        return body.getValue(field) instanceof String token && !token.isBlank() ? token : null;
    }
}
