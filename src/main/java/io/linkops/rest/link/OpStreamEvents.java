package io.linkops.rest.link;

import io.linkops.domain.OpProgress;
import io.linkops.service.OpProgressStream.Update;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Map;

/** The Server-Sent Events of {@code GET /v2/link/bulk_op/{id}/events}: {@code progress}, {@code completed}, heartbeats. */
final class OpStreamEvents {

    /** Data of a {@code progress} event. */
    record Progress(String status, int processed, int pending, Map<String, Integer> failed, Double itemsPerSecond,
            Double etaSeconds) {
    }

    /** Data of the final {@code completed} event; {@code failed} counts items, {@code failed_by_reason} splits it. */
    record Completed(String status, int processed, int failed, Map<String, Integer> failedByReason) {
    }

    private OpStreamEvents() {
    }

    static OutboundSseEvent of(Sse sse, Update update) {
        if (update.isHeartbeat()) {
            return sse.newEventBuilder().comment("heartbeat").build();
        }
        OpProgress progress = update.progress();
        if (progress.status().isTerminal()) {
            return sse.newEventBuilder().name("completed").id("completed").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(new Completed(progress.status().name(), progress.processed(), progress.failed(),
                            progress.failedByReason()))
                    .build();
        }
        // The id names the state sent; a client that reconnects with it is sent the latest state first anyway.
        return sse.newEventBuilder().name("progress").id(String.valueOf(progress.processed()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(new Progress(progress.status().name(), progress.processed(), progress.pending(),
                        progress.failedByReason(), round(progress.itemsPerSecond()), round(progress.etaSeconds())))
                .build();
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 10) / 10.0;
    }
}
