package io.linkops.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** No provider is skipped silently: its tokens do not expire, or the shipped configuration can refresh them. */
class ProviderRefreshCoverageTest {

    @Test
    void everyProviderWhoseTokensExpireHasATokenEndpointInTheShippedConfiguration() throws IOException {
        Properties shipped = new Properties();
        try (InputStream properties = getClass().getResourceAsStream("/application.properties")) {
            shipped.load(properties);
        }
        List<String> uncovered = Arrays.stream(Provider.values())
                .filter(Provider::tokensExpire)
                .map(Provider::slug)
                .filter(slug -> shipped.getProperty("linkops.providers." + slug + ".token-url", "").isBlank())
                .toList();

        assertTrue(uncovered.isEmpty(), "providers whose tokens expire without a token URL: " + uncovered);
    }

    @Test
    void onlyProvidersDocumentedAsIssuingLastingTokensAreDeclaredNotToExpire() {
        List<Provider> lasting = Arrays.stream(Provider.values()).filter(provider -> !provider.tokensExpire())
                .toList();

        assertEquals(List.of(Provider.GARMIN, Provider.CRONOMETER, Provider.RUNKEEPER), lasting);
    }
}
