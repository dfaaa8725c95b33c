package io.linkops.client;

/** Everything a token endpoint needs to refresh one connection: plaintext only for the length of the call. */
public record RefreshRequest(String tokenUrl, String clientId, String clientSecret, String refreshToken,
        boolean basicAuthentication) {

    @Override
    public String toString() {
        return "RefreshRequest[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", secrets=***]";
    }
}
