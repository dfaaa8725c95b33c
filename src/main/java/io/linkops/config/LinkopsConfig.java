package io.linkops.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/** Business settings of linkops, read from {@code linkops.*} (and the environment). */
@ConfigMapping(prefix = "linkops")
public interface LinkopsConfig {

    /** Operator key expected in {@code x-admin-key}; a development default outside production. */
    String adminKey();

    /** Which parts this process runs: {@code api}, {@code worker}, or both. Default: both. */
    @WithDefault("api,worker")
    Set<Role> role();

    Encryption encryption();

    /** Keys that encrypt tokens and client secrets at rest. */
    interface Encryption {

        /** Every key that may still decrypt data, as {@code id:base64(32 bytes)} separated by commas. */
        String keys();

        /** The id of the key that encrypts new values. */
        String activeKeyId();
    }

    /** A part of the service this process runs. */
    enum Role {
        api,
        worker
    }
}
