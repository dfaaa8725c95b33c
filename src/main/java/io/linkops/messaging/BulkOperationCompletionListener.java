package io.linkops.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.service.BulkOperationWaiter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads every completion event (each replica with its own consumer group, as the waiter for an op lives in whichever
 * replica took the request) and wakes the local waiter, if there is one.
 */
@ApplicationScoped
public class BulkOperationCompletionListener {

    public static final String CHANNEL = "bulk-op-completions";
    private static final Logger LOG = Logger.getLogger(BulkOperationCompletionListener.class);

    private final BulkOperationWaiter waiter;
    private final ObjectMapper mapper;

    public BulkOperationCompletionListener(BulkOperationWaiter waiter, ObjectMapper mapper) {
        this.waiter = waiter;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    public void onCompleted(byte[] payload) {
        try {
            waiter.complete(mapper.readValue(payload, BulkOperationCompleted.class).opId());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring an unreadable completion event (%s)", e.getClass().getSimpleName());
        }
    }
}
