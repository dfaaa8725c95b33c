package io.linkops.service;

/** What an operator sets for a team's OAuth app; the secret is plaintext only until it is encrypted. */
public record CredentialSettings(String clientId, String clientSecret, String detailsJson, String redirectUrlOverride) {

    @Override
    public String toString() {
        return "CredentialSettings[clientId=" + clientId + ", clientSecret=***]";
    }
}
