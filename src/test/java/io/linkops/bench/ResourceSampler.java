package io.linkops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the service's resident memory from /proc while a phase runs: cheap enough not to disturb it. */
final class ResourceSampler implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong peakRssBytes = new AtomicLong();

    ResourceSampler(long servicePid) {
        Path status = Path.of("/proc", String.valueOf(servicePid), "status");
        timer.scheduleAtFixedRate(() -> {
            try {
                peakRssBytes.accumulateAndGet(residentBytes(status), Math::max);
            } catch (IOException sampleMissed) {
                // A missed sample only lowers the resolution of the peak.
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    long peakRssBytes() {
        return peakRssBytes.get();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static long residentBytes(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
