package io.linkops.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Refuses to start with development secrets, or an operator role without its key, outside the dev, test and local
 * profiles; warns loudly inside them.
 */
@Singleton
public class ProductionSafetyCheck {

    static final String DEV_ADMIN_KEY = "linkops-dev-admin-key-do-not-use-in-production";
    static final String DEV_ENCRYPTION_KEYS = "dev:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=";
    private static final Set<String> DEVELOPMENT_PROFILES = Set.of("dev", "test", "local");
    private static final int MIN_ADMIN_KEY_LENGTH = 32;
    private static final Logger LOG = Logger.getLogger(ProductionSafetyCheck.class);

    void onStart(@Observes StartupEvent event, LinkopsConfig config) {
        List<String> profiles = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
        check(config.adminKey(), config.role().contains(LinkopsConfig.Role.operator), config.encryption().keys(),
                profiles);
    }

    static void check(Optional<String> adminKey, boolean operatorRole, String encryptionKeys, List<String> profiles) {
        boolean development = profiles.stream().anyMatch(DEVELOPMENT_PROFILES::contains);
        boolean devAdminKey = adminKey.filter(DEV_ADMIN_KEY::equals).isPresent();
        boolean devEncryptionKey = encryptionKeys.contains(DEV_ENCRYPTION_KEYS.substring(DEV_ENCRYPTION_KEYS.indexOf(':') + 1));
        if (development) {
            if (devAdminKey) {
                LOG.warnf("*** Using the DEVELOPMENT operator key '%s' (set LINKOPS_ADMIN_KEY). Never run this in production. ***",
                        DEV_ADMIN_KEY);
            }
            if (devEncryptionKey) {
                LOG.warn("*** Using the DEVELOPMENT encryption key (set LINKOPS_ENCRYPTION_KEYS). Never run this in production. ***");
            }
            return;
        }
        if (operatorRole && (devAdminKey || adminKey.orElse("").length() < MIN_ADMIN_KEY_LENGTH)) {
            throw new IllegalStateException("Refusing to start with profile " + profiles
                    + ": LINKOPS_ADMIN_KEY must be set to a secret of at least " + MIN_ADMIN_KEY_LENGTH
                    + " characters (the development default is not accepted)");
        }
        if (devEncryptionKey) {
            throw new IllegalStateException("Refusing to start with profile " + profiles
                    + ": LINKOPS_ENCRYPTION_KEYS must be set (the development key is not accepted)");
        }
    }
}
