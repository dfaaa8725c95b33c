package io.linkops.security;

import io.linkops.config.LinkopsConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The AES-256 keys by id: the active one encrypts, every listed one may still decrypt (rotation). */
@Singleton
public class EncryptionKeyRing {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    @Inject
    public EncryptionKeyRing(LinkopsConfig config) {
        this(config.encryption().keys(), config.encryption().activeKeyId());
    }

    EncryptionKeyRing(String keySpec, String activeKeyId) {
        this.keys = parse(keySpec);
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("LINKOPS_ENCRYPTION_ACTIVE_KEY_ID '" + activeKeyId
                    + "' names no key in LINKOPS_ENCRYPTION_KEYS");
        }
        this.activeKeyId = activeKeyId;
    }

    String activeKeyId() {
        return activeKeyId;
    }

    Set<String> keyIds() {
        return keys.keySet();
    }

    SecretKey activeKey() {
        return keys.get(activeKeyId);
    }

    SecretKey key(String keyId) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new SecretDecryptionException("ciphertext names unknown key id '" + keyId + "'");
        }
        return key;
    }

    private static Map<String, SecretKey> parse(String keySpec) {
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        for (String entry : keySpec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String id = colon < 0 ? "" : trimmed.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException("LINKOPS_ENCRYPTION_KEYS entries must read id:base64key with an id of "
                        + KEY_ID.pattern());
            }
            byte[] material;
            try {
                material = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("LINKOPS_ENCRYPTION_KEYS key '" + id + "' is not valid base64");
            }
            if (material.length != KEY_BYTES) {
                throw new IllegalStateException("LINKOPS_ENCRYPTION_KEYS key '" + id + "' must be " + KEY_BYTES
                        + " bytes (AES-256), not " + material.length);
            }
            if (parsed.put(id, new SecretKeySpec(material, "AES")) != null) {
                throw new IllegalStateException("LINKOPS_ENCRYPTION_KEYS names key '" + id + "' twice");
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalStateException("LINKOPS_ENCRYPTION_KEYS holds no key");
        }
        return Map.copyOf(parsed);
    }
}
