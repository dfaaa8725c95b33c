package io.linkops.security;

/** The service's cipher built from a key specification, so tests outside the service can decrypt what it stored. */
public final class TestCiphers {

    private TestCiphers() {
    }

    public static SecretCipher of(String keySpec, String activeKeyId) {
        return new SecretCipher(new EncryptionKeyRing(keySpec, activeKeyId));
    }
}
