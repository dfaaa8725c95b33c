package io.linkops.testinfra;

import java.util.concurrent.TimeUnit;

/** Stopping a child process: politely first (SIGTERM, 30 s for a graceful shutdown), then for good. */
public final class Processes {

    private Processes() {
    }

    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
