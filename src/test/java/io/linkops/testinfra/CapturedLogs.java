package io.linkops.testinfra;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Keeps the lines a logger category writes, with the trace and span ids its MDC held then, for log tests. */
public final class CapturedLogs extends Handler implements AutoCloseable {

    /** One captured line: its formatted message and the trace ids it was written under (empty when none). */
    public record Line(String logger, String message, String traceId, String spanId) {
    }

    private final Logger category;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private CapturedLogs(Logger category) {
        this.category = category;
    }

    public static CapturedLogs of(String category) {
        CapturedLogs captured = new CapturedLogs(Logger.getLogger(category));
        captured.category.addHandler(captured);
        return captured;
    }

    /** The first line so far whose message contains every one of {@code parts}. */
    public Optional<Line> first(String... parts) {
        return lines.stream().filter(line -> List.of(parts).stream().allMatch(line.message::contains)).findFirst();
    }

    @Override
    public void publish(LogRecord record) {
        // Read on the logging thread: the MDC is the one the line was written under.
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String traceId = record instanceof ExtLogRecord ext ? ext.getMdc("traceId") : null;
        String spanId = record instanceof ExtLogRecord ext ? ext.getMdc("spanId") : null;
        lines.add(new Line(record.getLoggerName(), message, traceId == null ? "" : traceId,
                spanId == null ? "" : spanId));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        category.removeHandler(this);
    }
}
