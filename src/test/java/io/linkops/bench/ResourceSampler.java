package io.linkops.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the service's resident memory (from /proc) and used heap (from /q/metrics) while a phase runs. */
final class ResourceSampler implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong peakRssBytes = new AtomicLong();
    private final AtomicLong peakHeapBytes = new AtomicLong();

    ResourceSampler(long servicePid, BenchClient client) {
        Path status = Path.of("/proc", String.valueOf(servicePid), "status");
        timer.scheduleAtFixedRate(() -> {
            try {
                peakRssBytes.accumulateAndGet(residentBytes(status), Math::max);
                peakHeapBytes.accumulateAndGet(usedHeapBytes(client.metrics()), Math::max);
            } catch (Exception sampleMissed) {
                // A missed sample only lowers the resolution of the peak.
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    long peakRssBytes() {
        return peakRssBytes.get();
    }

    long peakHeapBytes() {
        return peakHeapBytes.get();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static long residentBytes(Path status) throws Exception {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    static long usedHeapBytes(String prometheusText) {
        double sum = 0;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }
}
