package io.linkops.domain;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which webhook URLs linkops will call: {@code https} to a public address only, so a team cannot point the service
 * at its own network (loopback, private, link-local, unique-local, multicast or unspecified addresses). The local
 * and test profiles also allow {@code http} and those addresses, so tests can receive on 127.0.0.1.
 */
public final class WebhookUrlPolicy {

    private WebhookUrlPolicy() {
    }

    /** Why the URL is refused, or null when it is acceptable as written (its host is resolved separately). */
    public static String problemWithUrl(String url, boolean allowInsecure) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            return "A webhook URL is required, at most 2048 characters.";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "The URL is not valid.";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowInsecure && scheme.equals("http"))) {
            return "A webhook URL must use https.";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "The URL has no host.";
        }
        if (uri.getUserInfo() != null) {
            return "A webhook URL may not carry credentials.";
        }
        return null;
    }

    /** Whether the service may send to this address. */
    public static boolean allowedAddress(InetAddress address, boolean allowInsecure) {
        if (allowInsecure) {
            return true;
        }
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        // IPv6 unique-local (fc00::/7) and IPv4 shared address space (100.64.0.0/10) are private too.
        if (bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc) {
            return false;
        }
        return !(bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64);
    }
}
