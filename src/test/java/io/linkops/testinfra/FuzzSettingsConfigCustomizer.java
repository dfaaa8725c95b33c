package io.linkops.testinfra;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/** Keeps the test-only {@code linkops.fuzz.*} properties from failing the {@code linkops} mapping as unknown names. */
public class FuzzSettingsConfigCustomizer implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withMappingIgnore("linkops.fuzz.**");
    }
}
