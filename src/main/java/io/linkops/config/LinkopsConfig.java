package io.linkops.config;

import io.smallrye.config.ConfigMapping;

/** Business settings of linkops, read from {@code linkops.*} (and the environment). */
@ConfigMapping(prefix = "linkops")
public interface LinkopsConfig {

    /** Operator key expected in {@code x-admin-key}; a development default outside production. */
    String adminKey();

    Encryption encryption();

    /** Keys that encrypt tokens and client secrets at rest. */
    interface Encryption {

        /** Every key that may still decrypt data, as {@code id:base64(32 bytes)} separated by commas. */
        String keys();

        /** The id of the key that encrypts new values. */
        String activeKeyId();
    }
}
