package io.linkops.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for tokens and client secrets. Layout: version byte, key-id length, key id, 12-byte nonce, ciphertext
 * with its 16-byte tag. The key id lets keys rotate; the owner is the associated data. Every value sealed counts in
 * {@code linkops_encryption_sealed_total{key_id}}: random 96-bit nonces stay safe up to about 2^32 values per key.
 */
@Singleton
public class SecretCipher {

    private static final byte FORMAT_VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    // Cipher.getInstance looks the provider up each time, and a fresh instance re-expands the AES key on every init:
    // reused per thread (with a fresh nonce per call) it only does that when the key changes.
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    });

    private final EncryptionKeyRing keyRing;
    private final SecureRandom random = new SecureRandom();
    private final Counter sealed;

    @Inject
    public SecretCipher(EncryptionKeyRing keyRing, MeterRegistry registry) {
        this.keyRing = keyRing;
        this.sealed = registry.counter("linkops.encryption.sealed", "key_id", keyRing.activeKeyId());
    }

    /** A cipher outside the service (tests, tools): its count goes nowhere. */
    public SecretCipher(EncryptionKeyRing keyRing) {
        this(keyRing, new SimpleMeterRegistry());
    }

    /** The id of the key new values are sealed with. */
    public String activeKeyId() {
        return keyRing.activeKeyId();
    }

    /** The ids of every key that may still decrypt. */
    public Set<String> keyIds() {
        return keyRing.keyIds();
    }

    /** The id of the key that sealed this value, read from its header. */
    public static String keyIdOf(byte[] ciphertext) {
        if (ciphertext.length < 2 || ciphertext[0] != FORMAT_VERSION || ciphertext.length < 2 + ciphertext[1]) {
            throw new SecretDecryptionException("unknown ciphertext format");
        }
        return new String(ciphertext, 2, ciphertext[1], StandardCharsets.US_ASCII);
    }

    /** The same secret, for the same owner, sealed anew with the active key. */
    public byte[] reseal(byte[] ciphertext, SecretOwner owner) {
        return encrypt(decrypt(ciphertext, owner), owner);
    }

    public byte[] encrypt(String plaintext, SecretOwner owner) {
        byte[] keyId = keyRing.activeKeyId().getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, keyRing.activeKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.associatedData());
            byte[] body = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            sealed.increment();
            return ByteBuffer.allocate(2 + keyId.length + NONCE_BYTES + body.length)
                    .put(FORMAT_VERSION)
                    .put((byte) keyId.length)
                    .put(keyId)
                    .put(nonce)
                    .put(body)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption unavailable", e);
        }
    }

    public String decrypt(byte[] ciphertext, SecretOwner owner) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(ciphertext);
            if (buffer.get() != FORMAT_VERSION) {
                throw new SecretDecryptionException("unknown ciphertext format");
            }
            byte[] keyId = new byte[buffer.get()];
            buffer.get(keyId);
            byte[] nonce = new byte[NONCE_BYTES];
            buffer.get(nonce);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, keyRing.key(new String(keyId, StandardCharsets.US_ASCII)),
                    new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.associatedData());
            byte[] plain = cipher.doFinal(ciphertext, buffer.position(), buffer.remaining());
            return new String(plain, StandardCharsets.UTF_8);
        } catch (SecretDecryptionException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SecretDecryptionException("ciphertext does not decrypt for its owner", e);
        }
    }
}
