package io.linkops.testinfra;

import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Logs a tool process (the local stack's broker, a benchmark) at the levels a Kafka distribution ships with, to
 * standard output.
 */
public final class ToolLogging {

    private ToolLogging() {
    }

    /**
     * Outside a started Quarkus application, Quarkus's initial log configuration enables every level and queues the
     * records for a handler that is never activated: the broker built each TRACE and DEBUG message and its request
     * log as JSON and printed nothing. In the benchmark that was about a third of the broker's CPU per small op, and
     * a 20,000-connection import took 3.4-5.3 s to terminal instead of 1.7-2.3 s. The benchmark's own Kafka clients,
     * which measure the floors, paid the same.
     */
    public static void brokerProcess() {
        levels();
        LogContext.getLogContext().getLogger("").setHandlers(new Handler[] {
            new ConsoleHandler(new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c{3.}] %s%e%n"))});
    }

    /** A benchmark: as above, but its Kafka clients only warn (each prints its whole configuration when it starts). */
    public static void clientProcess() {
        brokerProcess();
        LogContext.getLogContext().getLogger("org.apache.kafka").setLevel(Level.WARNING);
    }

    /**
     * Only the levels, leaving the handlers alone: for a JVM where a Quarkus application may start later and take
     * over the records queued until then (the test JVMs, whose broker runs inside them).
     */
    public static void levels() {
        LogContext context = LogContext.getLogContext();
        Logger root = context.getLogger("");
        root.setLevel(Level.INFO);
        context.getLogger("kafka.request.logger").setLevel(Level.WARNING);
    }
}
