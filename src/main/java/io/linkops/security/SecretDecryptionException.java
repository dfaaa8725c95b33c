package io.linkops.security;

/** A stored ciphertext that cannot be decrypted: wrong owner, unknown key, or tampered bytes. */
public class SecretDecryptionException extends RuntimeException {

    public SecretDecryptionException(String message) {
        super(message);
    }

    public SecretDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
