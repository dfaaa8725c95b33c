package io.linkops.service;

import io.linkops.config.LinkopsConfig;
import io.linkops.domain.WebhookAttempt;
import io.linkops.domain.WebhookEndpoint;
import io.linkops.domain.WebhookUrlPolicy;
import io.linkops.repository.WebhookDeliveryRepository;
import io.linkops.repository.WebhookEndpointRepository;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.linkops.security.WebhookSignatures;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A team's webhook endpoints: registered with a signing secret shown once (stored sealed), listed, removed, and
 * switched off or on by the operator. URLs are checked against {@link WebhookUrlPolicy}, host addresses included.
 */
@ApplicationScoped
public class WebhookEndpointService {

    /** A new endpoint with the only copy of its secret a team will ever see. */
    public record Registered(WebhookEndpoint endpoint, String secret) {
    }

    private static final Logger LOG = Logger.getLogger(WebhookEndpointService.class);

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final SecretCipher cipher;
    private final LinkopsConfig config;

    public WebhookEndpointService(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries,
            SecretCipher cipher, LinkopsConfig config) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.cipher = cipher;
        this.config = config;
    }

    /** {@code eventTypes} are known wire names (checked by the caller). */
    public Uni<Registered> register(UUID teamId, String url, List<String> eventTypes) {
        boolean insecure = config.webhooks().allowInsecureUrls();
        String problem = WebhookUrlPolicy.problemWithUrl(url, insecure);
        if (problem != null) {
            return Uni.createFrom().failure(new InvalidWebhookUrlException(problem));
        }
        return Uni.createFrom().item(() -> resolvesToAllowedAddresses(URI.create(url).getHost(), insecure))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(allowed -> {
                    if (!allowed) {
                        return Uni.createFrom().failure(new InvalidWebhookUrlException("The URL's host must resolve "
                                + "to public addresses only."));
                    }
                    UUID id = UUID.randomUUID();
                    String secret = WebhookSignatures.newSecret();
                    WebhookEndpoint endpoint = new WebhookEndpoint(id, teamId, url, List.copyOf(eventTypes), false,
                            null, null, Timestamps.now());
                    return endpoints.insert(endpoint, cipher.encrypt(secret, SecretOwner.ofWebhookEndpoint(teamId, id)))
                            .invoke(() -> LOG.infof("team %s registered webhook endpoint %s for %s", teamId, id,
                                    eventTypes))
                            .replaceWith(new Registered(endpoint, secret));
                });
    }

    public Uni<List<WebhookEndpoint>> list(UUID teamId) {
        return endpoints.listInTeam(teamId);
    }

    public Uni<WebhookEndpoint> find(UUID teamId, UUID id) {
        return endpoints.findInTeam(teamId, id)
                .onItem().ifNull().failWith(() -> new ResourceNotFoundException("Webhook endpoint not found."));
    }

    public Uni<Void> delete(UUID teamId, UUID id) {
        return endpoints.deleteInTeam(teamId, id).invoke(deleted -> {
            if (!deleted) {
                throw new ResourceNotFoundException("Webhook endpoint not found.");
            }
            LOG.infof("team %s deleted webhook endpoint %s", teamId, id);
        }).replaceWithVoid();
    }

    public Uni<List<WebhookAttempt>> attempts(UUID teamId, UUID id, int limit) {
        return find(teamId, id).chain(endpoint -> deliveries.attempts(endpoint.id(), limit));
    }

    public Uni<WebhookEndpoint> setDisabled(UUID teamId, UUID id, boolean disabled) {
        return endpoints.setDisabled(teamId, id, disabled)
                .onItem().ifNull().failWith(() -> new ResourceNotFoundException("Webhook endpoint not found."))
                .invoke(endpoint -> LOG.infof("operator %s webhook endpoint %s of team %s",
                        disabled ? "disabled" : "enabled", id, teamId));
    }

    /** Whether every address the host resolves to may be called (a name that does not resolve may not). */
    static boolean resolvesToAllowedAddresses(String host, boolean allowInsecure) {
        if (allowInsecure) {
            return true;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            return addresses.length > 0 && Arrays.stream(addresses)
                    .allMatch(address -> WebhookUrlPolicy.allowedAddress(address, false));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
