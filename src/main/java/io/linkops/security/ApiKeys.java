package io.linkops.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Team API keys: {@code lkops_<prefix>_<secret>}. The prefix is public (it finds and revokes the key); the secret
 * carries 256 random bits, so a single SHA-256 is a safe digest to store (no password stretching is needed).
 */
public final class ApiKeys {

    public static final String SCHEME = "lkops_";
    private static final Pattern FORMAT = Pattern.compile("(lkops_[a-z0-9]{12})_([A-Za-z0-9]{43})");
    private static final char[] PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A freshly generated key: the full value is shown once, only the prefix and digest are kept. */
    public record Issued(String apiKey, String keyPrefix, byte[] digest) {
    }

    public static Issued issue() {
        String prefix = SCHEME + random(PREFIX_ALPHABET, 12);
        String key = prefix + "_" + random(SECRET_ALPHABET, 43);
        return new Issued(key, prefix, Digests.sha256(key));
    }

    /** The public prefix of a well-formed key, or empty for anything else. */
    public static Optional<String> prefixOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(presented);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Constant-time comparison of a presented key with a stored digest. */
    public static boolean matches(String presented, byte[] storedDigest) {
        return MessageDigest.isEqual(Digests.sha256(presented), storedDigest);
    }

    private static String random(char[] alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(chars);
    }
}
