package io.linkops.rest.user;

import io.linkops.domain.Provider;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A provider's name, slug and logo, as Junction nests it. */
@Schema(name = "ClientFacingProvider")
public record ProviderInfo(@Schema(required = true) String name, @Schema(required = true) String slug,
        @Schema(required = true) String logo) {

    static ProviderInfo of(Provider provider) {
        return new ProviderInfo(provider.displayName(), provider.slug(), provider.logoUrl());
    }
}
