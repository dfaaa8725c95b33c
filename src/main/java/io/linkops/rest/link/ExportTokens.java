package io.linkops.rest.link;

import io.linkops.domain.Provider;
import io.linkops.rest.error.RequestValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** The opaque export {@code next_token}: base64url of the provider and the last connection id of the page. */
final class ExportTokens {

    private static final String VERSION = "e1";

    private ExportTokens() {
    }

    static String encode(Provider provider, UUID lastId) {
        String plain = VERSION + "|" + provider.slug() + "|" + lastId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The id to continue after, or null for the first page; a token of another provider is refused. */
    static UUID decode(String token, Provider provider) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 3 || !VERSION.equals(parts[0]) || !provider.slug().equals(parts[1])) {
                throw new IllegalArgumentException("token of another layout or provider");
            }
            UUID lastId = UUID.fromString(parts[2]);
            // UUID.fromString also reads an id missing its last digits, so a token cut short named an earlier id.
            if (!encode(provider, lastId).equals(token)) {
                throw new IllegalArgumentException("not a token as this service writes it");
            }
            return lastId;
        } catch (RuntimeException e) {
            throw RequestValidationException.of(List.of("body", "next_token"),
                    "Input should be a next_token returned by a previous page for this provider", "value_error");
        }
    }
}
