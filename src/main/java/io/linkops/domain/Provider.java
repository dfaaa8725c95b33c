package io.linkops.domain;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The OAuth providers whose connections can be migrated, by their wire slug. */
public enum Provider {
    OURA("oura", "Oura", AuthScheme.OAUTH2, true),
    FITBIT("fitbit", "Fitbit", AuthScheme.OAUTH2, true),
    GARMIN("garmin", "Garmin", AuthScheme.OAUTH1, false),
    STRAVA("strava", "Strava", AuthScheme.OAUTH2, true),
    WAHOO("wahoo", "Wahoo", AuthScheme.OAUTH2, true),
    IHEALTH("ihealth", "iHealth", AuthScheme.OAUTH2, true),
    WITHINGS("withings", "Withings", AuthScheme.OAUTH2, true),
    GOOGLE_FIT("google_fit", "Google Fit", AuthScheme.OAUTH2, true),
    DEXCOM_V3("dexcom_v3", "Dexcom", AuthScheme.OAUTH2, true),
    POLAR("polar", "Polar", AuthScheme.OAUTH2, true),
    CRONOMETER("cronometer", "Cronometer", AuthScheme.OAUTH2, false),
    OMRON("omron", "Omron", AuthScheme.OAUTH2, true),
    WHOOP_V2("whoop_v2", "WHOOP", AuthScheme.OAUTH2, true),
    MY_FITNESS_PAL_V2("my_fitness_pal_v2", "MyFitnessPal", AuthScheme.OAUTH2, true),
    ULTRAHUMAN("ultrahuman", "Ultrahuman", AuthScheme.OAUTH2, true),
    RUNKEEPER("runkeeper", "Runkeeper", AuthScheme.OAUTH2, false),
    GOOGLE_HEALTH("google_health", "Google Health", AuthScheme.OAUTH2, true);

    private static final Map<String, Provider> BY_SLUG =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Provider::slug, Function.identity()));

    private final String slug;
    private final String displayName;
    private final AuthScheme authScheme;
    private final boolean tokensExpire;

    Provider(String slug, String displayName, AuthScheme authScheme, boolean tokensExpire) {
        this.slug = slug;
        this.displayName = displayName;
        this.authScheme = authScheme;
        this.tokensExpire = tokensExpire;
    }

    public static Optional<Provider> fromSlug(String slug) {
        return Optional.ofNullable(slug == null ? null : BY_SLUG.get(slug));
    }

    public String slug() {
        return slug;
    }

    public String displayName() {
        return displayName;
    }

    public AuthScheme authScheme() {
        return authScheme;
    }

    /**
     * Whether the provider's access tokens expire and must be refreshed. Not for Garmin (OAuth 1.0a tokens last until
     * revoked), Cronometer (no refresh token and no expiry) or Runkeeper (Health Graph tokens are issued without a
     * refresh token or lifetime and last until the user disconnects).
     */
    public boolean tokensExpire() {
        return tokensExpire;
    }

    /** Junction's logo for the provider, as its API answers. */
    public String logoUrl() {
        return "https://storage.googleapis.com/vital-assets/" + slug + ".png";
    }
}
