package io.linkops.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer span per op in a worker's batch, each a child of the span that published the op's records, so an
 * op's trace runs from its HTTP request to the batches that applied it.
 */
final class BatchSpans {

    private final List<Span> spans;

    private BatchSpans(List<Span> spans) {
        this.spans = spans;
    }

    static BatchSpans start(Tracer tracer, String channel, List<? extends KafkaRecord<String, ?>> records) {
        Map<String, KafkaRecord<String, ?>> firstOfOp = new LinkedHashMap<>();
        Map<String, Integer> countOfOp = new LinkedHashMap<>();
        for (KafkaRecord<String, ?> record : records) {
            String op = opOf(record);
            firstOfOp.putIfAbsent(op, record);
            countOfOp.merge(op, 1, Integer::sum);
        }
        List<Span> spans = new ArrayList<>(firstOfOp.size());
        firstOfOp.forEach((op, record) -> spans.add(tracer.spanBuilder(channel + " process")
                .setParent(TraceHeaders.from(record.getHeaders())).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", record.getTopic())
                .setAttribute("linkops.op_id", op).setAttribute("messaging.batch.message_count", countOfOp.get(op))
                .startSpan()));
        return new BatchSpans(spans);
    }

    /** Makes the first op's span current, so the batch's log lines carry a trace id. */
    Scope makeFirstCurrent() {
        return spans.isEmpty() ? Scope.noop() : Context.current().with(spans.get(0)).makeCurrent();
    }

    void end(Throwable failure) {
        for (Span span : spans) {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            }
            span.end();
        }
    }

    private static String opOf(KafkaRecord<String, ?> record) {
        String op = OpRecordHeaders.text(record.getHeaders(), OpRecordHeaders.OP_ID);
        return op != null ? op : String.valueOf(record.getKey());
    }
}
