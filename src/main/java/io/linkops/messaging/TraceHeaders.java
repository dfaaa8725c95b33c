package io.linkops.messaging;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * W3C trace context on Kafka records the service writes with its own producers, which no instrumentation sees: the
 * API's span goes into each record's {@code traceparent} header, and a worker reads it back as its batch's parent.
 */
public final class TraceHeaders {

    private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            return OpRecordHeaders.text(headers, key);
        }
    };

    private TraceHeaders() {
    }

    /** The headers that carry {@code context}, computed once and added to every record of an op. */
    public static List<Header> of(Context context) {
        List<Header> headers = new ArrayList<>(2);
        TextMapSetter<List<Header>> setter = (carrier, key, value) ->
                carrier.add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8)));
        PROPAGATOR.inject(context, headers, setter);
        return List.copyOf(headers);
    }

    /** The context a record's headers carry; the root context when they carry none or a malformed one. */
    public static Context from(Headers headers) {
        return PROPAGATOR.extract(Context.root(), headers, GETTER);
    }
}
