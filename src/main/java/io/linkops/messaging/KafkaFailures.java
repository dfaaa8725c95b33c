package io.linkops.messaging;

/** Says why a Kafka call failed, for a log line, without anything a record carried. */
public final class KafkaFailures {

    private static final int MAX_CAUSES = 5;

    private KafkaFailures() {
    }

    /**
     * Each exception in the chain as its simple class name; Kafka's own exceptions also with their message (topics,
     * partitions, timeouts and producer ids, never record contents), which is what tells a timeout from a fencing.
     */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
            if (depth > 0) {
                text.append(" <- ");
            }
            text.append(current.getClass().getSimpleName());
            if (current.getClass().getName().startsWith("org.apache.kafka.") && current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return text.toString();
    }
}
