package io.linkops.security;

import io.linkops.config.LinkopsConfig;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.time.Duration;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Guards the operator API ({@code /admin}) with {@code x-admin-key}; team keys are never accepted there. */
public class OperatorAuthenticationFilter {

    static final String ADMIN_KEY_HEADER = "x-admin-key";

    private final byte[] expectedDigest;
    private final RequestRateLimiter rateLimiter;

    public OperatorAuthenticationFilter(LinkopsConfig config, RequestRateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        // Without a key (a process without the operator role) no presented key can match.
        this.expectedDigest = config.adminKey().map(Digests::sha256).orElse(null);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/admin/")) {
            return null;
        }
        Duration wait = rateLimiter.takeOperator();
        if (!wait.isZero()) {
            return Refusals.tooManyRequests(wait, "the operator API");
        }
        String presented = request.getHeaderString(ADMIN_KEY_HEADER);
        // Digests of equal length make the comparison constant-time whatever the presented length.
        if (presented == null || expectedDigest == null
                || !MessageDigest.isEqual(Digests.sha256(presented), expectedDigest)) {
            return Refusals.refuse(401, "Missing or invalid operator key (x-admin-key).");
        }
        return null;
    }
}
