package io.linkops.domain;

import java.util.Map;

/**
 * One look at a running op for its live stream: its status and counts, failures by reason, and the rate and time
 * left estimated from recent looks (null while unknown).
 */
public record OpProgress(BulkOpStatus status, int size, int processed, int failed, Map<String, Integer> failedByReason,
        Double itemsPerSecond, Double etaSeconds) {

    public int pending() {
        return size - processed;
    }
}
