package io.linkops.messaging;

import static io.linkops.testinfra.Teams.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.testinfra.CapturedLogs;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One trace per op: the HTTP request's span, the span that published the op's records, and the worker's batch span
 * that applied them, linked through the records' traceparent header on the real broker.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class OpTraceTest {

    private static final AttributeKey<String> OP_ID = AttributeKey.stringKey("linkops.op_id");

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theWorkersBatchSpanIsInTheTraceOfTheRequestThatStartedTheOp() {
        TestTeam team = Teams.createMigrating("traced", "fitbit");
        List<UUID> users = Teams.createUsers(team, 3);
        String clientTrace = UUID.randomUUID().toString().replace("-", "");
        String clientSpan = clientTrace.substring(0, 16);

        String opId = as(team).header("traceparent", "00-" + clientTrace + "-" + clientSpan + "-01")
                .body(Recipes.body("fitbit", users, "traced", true)).post("/v2/link/bulk_import")
                .then().statusCode(200).extract().path("bulk_op_id");

        SpanData batch = await().atMost(Duration.ofSeconds(30)).until(() -> spanOf(opId, SpanKind.CONSUMER),
                Optional::isPresent).orElseThrow();
        SpanData publish = spanOf(opId, SpanKind.PRODUCER).orElseThrow();
        SpanData request = await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getSpanId().equals(publish.getParentSpanId())).findFirst(),
                Optional::isPresent).orElseThrow();

        assertEquals(SpanKind.SERVER, request.getKind(), "the op was published under the request's span");
        assertEquals(clientTrace, request.getTraceId(), "the request joined the client's trace");
        assertEquals(clientSpan, request.getParentSpanId());
        assertEquals(publish.getSpanId(), batch.getParentSpanId(), "the worker's span is a child of the publish");
        assertEquals(clientTrace, batch.getTraceId(), "one trace from the client's request to the worker's batch");
        assertEquals(3L, batch.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count")));
    }

    @Test
    void theRequestsAndTheWorkerBatchsLogLinesCarryTheOpsTraceAndSpanIds() {
        TestTeam team = Teams.createMigrating("traced-logs", "fitbit");
        List<UUID> users = Teams.createUsers(team, 2);
        String clientTrace = UUID.randomUUID().toString().replace("-", "");
        try (CapturedLogs logs = CapturedLogs.of("io.linkops")) {
            String opId = as(team).header("traceparent", "00-" + clientTrace + "-" + clientTrace.substring(16) + "-01")
                    .body(Recipes.body("fitbit", users, "traced-logs", true)).post("/v2/link/bulk_import")
                    .then().statusCode(200).extract().path("bulk_op_id");

            CapturedLogs.Line enqueued = await().atMost(Duration.ofSeconds(30))
                    .until(() -> logs.first(opId, "items enqueued"), Optional::isPresent).orElseThrow();
            CapturedLogs.Line ended = await().atMost(Duration.ofSeconds(30))
                    .until(() -> logs.first(opId, "ended"), Optional::isPresent).orElseThrow();
            SpanData batch = await().atMost(Duration.ofSeconds(30)).until(() -> spanOf(opId, SpanKind.CONSUMER),
                    Optional::isPresent).orElseThrow();
            SpanData publish = spanOf(opId, SpanKind.PRODUCER).orElseThrow();

            assertEquals(clientTrace, enqueued.traceId(), "the request's line, logged after the publish, " + enqueued);
            assertEquals(publish.getParentSpanId(), enqueued.spanId(), "under the request's span: " + enqueued);
            assertEquals(clientTrace, ended.traceId(), "the worker batch's line is in the op's trace: " + ended);
            assertEquals(batch.getSpanId(), ended.spanId(), "under the batch's span for the op: " + ended);
        }
    }

    private Optional<SpanData> spanOf(String opId, SpanKind kind) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == kind && opId.equals(span.getAttributes().get(OP_ID)))
                .findFirst();
    }
}
