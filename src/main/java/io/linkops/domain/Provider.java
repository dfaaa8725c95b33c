package io.linkops.domain;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The OAuth providers whose connections can be migrated, by their wire slug. */
public enum Provider {
    OURA("oura", "Oura", AuthScheme.OAUTH2),
    FITBIT("fitbit", "Fitbit", AuthScheme.OAUTH2),
    GARMIN("garmin", "Garmin", AuthScheme.OAUTH1),
    STRAVA("strava", "Strava", AuthScheme.OAUTH2),
    WAHOO("wahoo", "Wahoo", AuthScheme.OAUTH2),
    IHEALTH("ihealth", "iHealth", AuthScheme.OAUTH2),
    WITHINGS("withings", "Withings", AuthScheme.OAUTH2),
    GOOGLE_FIT("google_fit", "Google Fit", AuthScheme.OAUTH2),
    DEXCOM_V3("dexcom_v3", "Dexcom", AuthScheme.OAUTH2),
    POLAR("polar", "Polar", AuthScheme.OAUTH2),
    CRONOMETER("cronometer", "Cronometer", AuthScheme.OAUTH2),
    OMRON("omron", "Omron", AuthScheme.OAUTH2),
    WHOOP_V2("whoop_v2", "WHOOP", AuthScheme.OAUTH2),
    MY_FITNESS_PAL_V2("my_fitness_pal_v2", "MyFitnessPal", AuthScheme.OAUTH2),
    ULTRAHUMAN("ultrahuman", "Ultrahuman", AuthScheme.OAUTH2),
    RUNKEEPER("runkeeper", "Runkeeper", AuthScheme.OAUTH2),
    GOOGLE_HEALTH("google_health", "Google Health", AuthScheme.OAUTH2);

    private static final Map<String, Provider> BY_SLUG =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Provider::slug, Function.identity()));

    private final String slug;
    private final String displayName;
    private final AuthScheme authScheme;

    Provider(String slug, String displayName, AuthScheme authScheme) {
        this.slug = slug;
        this.displayName = displayName;
        this.authScheme = authScheme;
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

    /** Junction's logo for the provider, as its API answers. */
    public String logoUrl() {
        return "https://storage.googleapis.com/vital-assets/" + slug + ".png";
    }
}
