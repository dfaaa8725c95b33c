package io.linkops.client;

/**
 * Everything a token endpoint needs to refresh one connection: plaintext only for the length of the call. The
 * provider's own user id is sent by the providers whose grant asks for it (iHealth, MyFitnessPal).
 */
public record RefreshRequest(String tokenUrl, String clientId, String clientSecret, String refreshToken,
        boolean basicAuthentication, String providerUserId) {

    @Override
    public String toString() {
        return "RefreshRequest[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", providerUserId=" + providerUserId
                + ", secrets=***]";
    }
}
