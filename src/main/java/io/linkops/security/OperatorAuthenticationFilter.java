package io.linkops.security;

import io.linkops.config.LinkopsConfig;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Guards the operator API ({@code /admin}) with {@code x-admin-key}; team keys are never accepted there. */
public class OperatorAuthenticationFilter {

    static final String ADMIN_KEY_HEADER = "x-admin-key";

    private final byte[] expectedDigest;

    public OperatorAuthenticationFilter(LinkopsConfig config) {
        this.expectedDigest = Digests.sha256(config.adminKey());
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/admin/")) {
            return null;
        }
        String presented = request.getHeaderString(ADMIN_KEY_HEADER);
        // Digests of equal length make the comparison constant-time whatever the presented length.
        if (presented == null || !MessageDigest.isEqual(Digests.sha256(presented), expectedDigest)) {
            return Refusals.refuse(401, "Missing or invalid operator key (x-admin-key).");
        }
        return null;
    }
}
