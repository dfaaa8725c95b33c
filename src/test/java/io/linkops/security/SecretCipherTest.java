package io.linkops.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString("a".repeat(32).getBytes(StandardCharsets.US_ASCII));
    private static final String KEY_B = Base64.getEncoder().encodeToString("b".repeat(32).getBytes(StandardCharsets.US_ASCII));

    private final UUID team = UUID.randomUUID();
    private final UUID user = UUID.randomUUID();
    private final SecretOwner owner = SecretOwner.ofConnection(team, user, "fitbit", "access_token");
    private final SecretCipher cipher = new SecretCipher(new EncryptionKeyRing("k1:" + KEY_A, "k1"));

    @Test
    void roundTripsAndHidesThePlaintext() {
        String token = "eyJhbGciOiJIUzI1NiJ9.access-token-value";
        byte[] sealed = cipher.encrypt(token, owner);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("access-token-value"));
        assertEquals(token, cipher.decrypt(sealed, owner));
    }

    @Test
    void usesAFreshNonceEveryTime() {
        assertNotEquals(Base64.getEncoder().encodeToString(cipher.encrypt("same", owner)),
                Base64.getEncoder().encodeToString(cipher.encrypt("same", owner)));
    }

    @Test
    void refusesAnotherOwner() {
        byte[] sealed = cipher.encrypt("token", owner);
        assertThrows(SecretDecryptionException.class,
                () -> cipher.decrypt(sealed, SecretOwner.ofConnection(UUID.randomUUID(), user, "fitbit", "access_token")));
        assertThrows(SecretDecryptionException.class,
                () -> cipher.decrypt(sealed, SecretOwner.ofConnection(team, UUID.randomUUID(), "fitbit", "access_token")));
        assertThrows(SecretDecryptionException.class,
                () -> cipher.decrypt(sealed, SecretOwner.ofConnection(team, user, "oura", "access_token")));
        assertThrows(SecretDecryptionException.class,
                () -> cipher.decrypt(sealed, SecretOwner.ofConnection(team, user, "fitbit", "refresh_token")));
    }

    @Test
    void refusesTamperedCiphertext() {
        byte[] sealed = cipher.encrypt("token", owner);
        sealed[sealed.length - 1] ^= 1;
        assertThrows(SecretDecryptionException.class, () -> cipher.decrypt(sealed, owner));
        assertThrows(SecretDecryptionException.class, () -> cipher.decrypt(new byte[] {1, 2}, owner));
    }

    @Test
    void oldKeysStillDecryptAfterRotation() {
        byte[] sealedWithA = cipher.encrypt("before rotation", owner);
        SecretCipher rotated = new SecretCipher(new EncryptionKeyRing("k1:" + KEY_A + ",k2:" + KEY_B, "k2"));
        byte[] sealedWithB = rotated.encrypt("after rotation", owner);

        assertEquals("before rotation", rotated.decrypt(sealedWithA, owner));
        assertEquals("after rotation", rotated.decrypt(sealedWithB, owner));
        assertThrows(SecretDecryptionException.class, () -> cipher.decrypt(sealedWithB, owner),
                "a ring without k2 cannot read k2 ciphertext");
    }

    @Test
    void refusesBadKeyConfiguration() {
        assertThrows(IllegalStateException.class, () -> new EncryptionKeyRing("k1:" + KEY_A, "k2"));
        assertThrows(IllegalStateException.class, () -> new EncryptionKeyRing("k1:c2hvcnQ=", "k1"));
        assertThrows(IllegalStateException.class, () -> new EncryptionKeyRing("k1:" + KEY_A + ",k1:" + KEY_B, "k1"));
        assertThrows(IllegalStateException.class, () -> new EncryptionKeyRing("", "k1"));
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class,
                () -> new EncryptionKeyRing("k1:%%%", "k1"));
        assertTrue(notBase64.getMessage().contains("base64"));
    }
}
