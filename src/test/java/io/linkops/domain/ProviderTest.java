package io.linkops.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderTest {

    @ParameterizedTest
    @EnumSource(Provider.class)
    void findsEveryProviderByItsOwnSlug(Provider provider) {
        assertEquals(Optional.of(provider), Provider.fromSlug(provider.slug()));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Fitbit", "FITBIT", " fitbit", "google-fit", "GOOGLE_FIT", "dexcom", "whoop"})
    void findsNoProviderForAnythingButAnExactSlug(String slug) {
        assertEquals(Optional.empty(), Provider.fromSlug(slug));
    }
}
