package io.linkops.rest;

import io.linkops.config.LinkopsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps large request bodies from exhausting the heap: a body of 1 MiB or more is read only once there is room for it
 * (see {@link BodyAdmission}); until then the request waits, paused and unread. One that waits longer than the
 * admission wait is answered 429 with Retry-After once its body has been read and dropped, having changed nothing.
 * Ten concurrent 100,000-connection imports (43 MB each) otherwise take a 512 MB service down.
 */
@ApplicationScoped
public class RequestMemoryGuard {

    private static final Logger LOG = Logger.getLogger(RequestMemoryGuard.class);
    private static final int AFTER_THE_SIZE_GUARD = -999;
    private static final long SMALL = 1024 * 1024;
    private static final long RESPONSE_CHECK_MILLIS = 500;
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    private static final String BUSY = "{\"detail\": \"The service is busy reading other large requests; nothing of "
            + "this one was kept. Retry after the time in Retry-After.\"}";

    void install(@Observes Router router, LinkopsConfig config, MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        long room = config.bulkImport().bodyBytesInFlight().map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 8);
        long waitMillis = config.bulkImport().admissionWait().toMillis();
        BodyAdmission admission = new BodyAdmission(room);
        metrics.gauge("linkops.http.body_bytes_admitted", admission, BodyAdmission::inUse);
        metrics.gauge("linkops.http.requests_waiting_for_room", admission, BodyAdmission::waiting);
        router.route().order(AFTER_THE_SIZE_GUARD).handler(context -> {
            long bytes = DeclaredLength.of(context.request()).orElse(maxBodySize.asLongValue());
            if (!WITH_BODY.contains(context.request().method()) || bytes < SMALL) {
                context.next();
                return;
            }
            admit(context, admission, bytes, waitMillis, maxBodySize.asLongValue(), metrics);
        });
    }

    private static void admit(RoutingContext context, BodyAdmission admission, long bytes, long waitMillis,
            long maxBodyBytes, MeterRegistry metrics) {
        Context eventLoop = Vertx.currentContext();
        context.request().pause();
        AtomicLong waitTimer = new AtomicLong(-1);
        // Exactly one of the two happens: admission (it runs the callback) or the wait's end (cancel answers true).
        BodyAdmission.Waiting place = admission.admit(bytes, () -> eventLoop.runOnContext(ignored -> {
            // The pending timer would hold this request, and the whole parsed body, until the wait's end: ten large
            // imports done within that minute filled a 512 MB heap.
            context.vertx().cancelTimer(waitTimer.get());
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    admission.release(bytes);
                }
            };
            context.addEndHandler(ended -> release.run());
            // A connection the HTTP layer cuts (a body over the limit, sent without a length) may end no handler of
            // this context: the room is also given back once the response is seen ended or its connection closed.
            context.vertx().setPeriodic(RESPONSE_CHECK_MILLIS, check -> {
                if (released.get() || context.response().ended() || context.response().closed()) {
                    context.vertx().cancelTimer(check);
                    release.run();
                }
            });
            context.request().resume();
            context.next();
        }));
        waitTimer.set(context.vertx().setTimer(waitMillis, timer -> {
            if (admission.cancel(place)) {
                LOG.warnf("%s %s: %d body bytes found no room within %d ms; answered 429", context.request().method(),
                        context.request().path(), bytes, waitMillis);
                metrics.counter("linkops.http.requests_turned_away").increment();
                turnAway(context, maxBodyBytes);
            }
        }));
    }

    /**
     * Reads the body to its end, keeping none of it, then answers 429. A client still sending its body reads no
     * answer that arrives before it has finished, and one cut off mid-body sees a reset connection, not the 429; the
     * connection stays usable for the retry.
     */
    private static void turnAway(RoutingContext context, long maxBodyBytes) {
        long[] read = {0};
        context.request().handler(discarded -> {
            read[0] += discarded.length();
            if (read[0] > maxBodyBytes) {
                // A body without a length that outgrows the limit is not drained for ever.
                context.response().reset();
            }
        });
        context.request().exceptionHandler(failure -> { });
        context.request().endHandler(ended -> {
            if (!context.response().ended() && !context.response().closed()) {
                context.response().setStatusCode(429)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader("Retry-After", "10")
                        .end(BUSY);
            }
        });
        context.request().resume();
    }
}
