package io.linkops.rest.user;

import io.linkops.domain.Provider;

/** A provider's name, slug and logo, as Junction nests it. */
public record ProviderInfo(String name, String slug, String logo) {

    static ProviderInfo of(Provider provider) {
        return new ProviderInfo(provider.displayName(), provider.slug(), provider.logoUrl());
    }
}
