package io.linkops.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an oversized body with the contract's 413 JSON (stating the limit) before anything reads it; the HTTP
 * layer's own refusal has no body. Bodies sent without a length are still cut off at the limit by that layer.
 */
@ApplicationScoped
public class RequestSizeGuard {

    private static final int BEFORE_EVERY_OTHER_ROUTE = -1000;

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        long limit = maxBodySize.asLongValue();
        String body = "{\"detail\": \"The request body is larger than the limit of " + limit + " bytes.\"}";
        router.route().order(BEFORE_EVERY_OTHER_ROUTE).handler(context -> {
            if (DeclaredLength.of(context.request()).orElse(0) > limit) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(body);
                return;
            }
            context.next();
        });
    }
}
