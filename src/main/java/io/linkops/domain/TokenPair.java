package io.linkops.domain;

/** Tokens a provider issued on refresh; the refresh token may be the old one when the provider does not rotate. */
public record TokenPair(String accessToken, String refreshToken, long expiresAt) {

    @Override
    public String toString() {
        return "TokenPair[expiresAt=" + expiresAt + ", tokens=***]";
    }
}
