package io.linkops.client;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.AuthScheme;
import io.linkops.domain.Provider;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Picks the adapter of a provider's family. Providers whose tokens do not expire, and any whose token URL an operator
 * removed, have none.
 */
@ApplicationScoped
public class TokenRefreshAdapters {

    private final WebClient http;
    private final TokenRefreshAdapter oauth2;
    private final TokenRefreshAdapter withings;
    private final TokenRefreshAdapter ihealth;
    private final TokenRefreshAdapter myFitnessPal;
    private final LinkopsConfig config;

    public TokenRefreshAdapters(Vertx vertx, LinkopsConfig config) {
        // One pooled connection per concurrent call: the client's default of 5 per host capped a worker at 5 calls.
        this.http = WebClient.create(vertx, new WebClientOptions().setUserAgent("linkops").setKeepAlive(true)
                .setMaxPoolSize(config.refresher().concurrency()));
        this.config = config;
        Duration timeout = config.refresher().callTimeout();
        this.oauth2 = new StandardOAuth2Adapter(http, timeout, config.refresher().firstBackoff());
        this.withings = new WithingsOAuth2Adapter(http, timeout, config.refresher().firstBackoff());
        this.ihealth = new IHealthOAuth2Adapter(http, timeout, config.refresher().firstBackoff());
        this.myFitnessPal = new StandardOAuth2Adapter(http, timeout, config.refresher().firstBackoff(), "user_id");
    }

    /** The adapter and token endpoint of a refreshable provider, or empty for one that never refreshes. */
    public Optional<Endpoint> endpointOf(Provider provider) {
        if (provider.authScheme() != AuthScheme.OAUTH2 || !provider.tokensExpire()) {
            return Optional.empty();
        }
        LinkopsConfig.ProviderSettings settings = config.providers().get(provider.slug());
        if (settings == null || settings.tokenUrl().isEmpty()) {
            return Optional.empty();
        }
        TokenRefreshAdapter adapter = switch (provider) {
            case WITHINGS -> withings;
            case IHEALTH -> ihealth;
            case MY_FITNESS_PAL_V2 -> myFitnessPal;
            default -> oauth2;
        };
        return Optional.of(new Endpoint(adapter, settings.tokenUrl().get(),
                settings.clientAuthentication() == LinkopsConfig.ClientAuthentication.basic));
    }

    /** A refreshable provider's adapter, token URL and client authentication. */
    public record Endpoint(TokenRefreshAdapter adapter, String tokenUrl, boolean basicAuthentication) {
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
