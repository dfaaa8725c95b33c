package io.linkops.domain;

import java.time.Duration;
import java.util.Locale;

/** At most {@code count} historical pulls per {@code period}, per team credential and provider. */
public record PullRate(int count, Duration period) {

    /** Parses {@code <count>/<period>} with a period such as {@code 30s}, {@code 15m} or {@code 1h}. */
    public static PullRate parse(String value) {
        String[] parts = value.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a pull rate reads <count>/<period>, like 2/1m: " + value);
        }
        int count = Integer.parseInt(parts[0].trim());
        String period = parts[1].trim().toLowerCase(Locale.ROOT);
        long amount = Long.parseLong(period.substring(0, period.length() - 1));
        Duration duration = switch (period.charAt(period.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("a pull rate period ends in s, m or h: " + value);
        };
        if (count < 1 || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("a pull rate needs a positive count and period: " + value);
        }
        return new PullRate(count, duration);
    }
}
