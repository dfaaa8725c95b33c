package io.linkops.domain;

import java.time.Duration;
import java.util.Locale;

/** At most {@code count} historical pulls per {@code period}, per team credential and provider. */
public record PullRate(int count, Duration period) {

    /** Parses {@code <count>/<period>} with a period such as {@code 30s}, {@code 15m} or {@code 1h}. */
    public static PullRate parse(String value) {
        // The limit -1 keeps a trailing empty part, so "2/1m/" is refused rather than read as "2/1m".
        String[] parts = value.trim().split("/", -1);
        if (parts.length != 2 || parts[1].isBlank()) {
            throw new IllegalArgumentException("a pull rate reads <count>/<period>, like 2/1m: " + value);
        }
        int count = Integer.parseInt(parts[0].trim());
        String period = parts[1].trim().toLowerCase(Locale.ROOT);
        long amount = Long.parseLong(period.substring(0, period.length() - 1));
        Duration duration;
        try {
            duration = switch (period.charAt(period.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException("a pull rate period ends in s, m or h: " + value);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a pull rate period is too long to hold: " + value, e);
        }
        if (count < 1 || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("a pull rate needs a positive count and period: " + value);
        }
        return new PullRate(count, duration);
    }
}
