package io.linkops.service;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;

/**
 * Writes a request's log lines under its trace and span ids from wherever its pipeline has moved to: on the
 * request's own Vert.x context when the line is written elsewhere (a database callback's event loop reads log ids
 * only from a request's context), else under the trace captured with the request.
 */
final class RequestTraceLog {

    private final io.vertx.core.Context request;
    private final Context trace;

    private RequestTraceLog(io.vertx.core.Context request, Context trace) {
        this.request = request;
        this.trace = trace;
    }

    /** Captures the calling request's contexts; call it on the request's thread. */
    static RequestTraceLog capture() {
        return new RequestTraceLog(Vertx.currentContext(), Context.current());
    }

    void log(Runnable line) {
        if (request != null && VertxContext.isDuplicatedContext(request) && Vertx.currentContext() != request) {
            request.runOnContext(ignored -> line.run());
            return;
        }
        try (Scope ignored = trace.makeCurrent()) {
            line.run();
        }
    }
}
