package io.linkops.bench;

import static io.linkops.bench.BenchImports.createUsers;
import static io.linkops.bench.BenchImports.importBody;
import static io.linkops.bench.BenchImports.log;
import static io.linkops.bench.BenchImports.megabytes;
import static io.linkops.bench.BenchImports.seconds;
import static io.linkops.bench.BenchImports.secondsText;
import static io.linkops.bench.BenchImports.timeImport;

import io.linkops.bench.BenchClient.Answer;
import io.linkops.bench.BenchClient.BenchTeam;
import io.linkops.testinfra.ToolLogging;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Measures linkops as {@code deployment/local/bench.sh} runs it: one 100,000-connection import (time to the 202,
 * time to terminal, peak memory), wait_for_completion latency of 100-connection ops with 1 and 8 clients, and the
 * raw SQL and Kafka floors for the same rows and records. Arguments: see {@code bench.sh}.
 */
public final class Benchmark {

    private static final int WAIT_OP_SIZE = 100;
    private static final int CLIENTS = 8;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        ToolLogging.clientProcess();
        String baseUri = args[0];
        long servicePid = Long.parseLong(args[1]);
        Floors floors = new Floors(args[2], args[3], args[4], args[5]);
        Path outDirectory = Path.of(args[6]);
        BenchClient client = new BenchClient(baseUri, args[7]);
        int importSize = Integer.parseInt(args[8]);
        int waitOps = Integer.parseInt(args[9]);
        int importPartitions = Integer.parseInt(args[10]);
        String importTopic = args[11];
        Path gcLog = Path.of(args[12]);

        BenchReport report = new BenchReport();
        report.context("date", LocalDateTime.now().withNano(0).toString());
        report.context("machine", Runtime.getRuntime().availableProcessors() + " cores");
        report.context("service", System.getenv().getOrDefault("BENCH_SERVICE_OPTS", "")
                + " (api and worker in one process)");

        CpuAccount cpu = new CpuAccount(servicePid);
        log("measuring idle CPU for 10 s");
        Map<String, Long> idleBefore = cpu.snapshot();
        Thread.sleep(10_000); // the measured interval itself, not a synchronisation
        Map<String, Long> idle = CpuAccount.between(idleBefore, cpu.snapshot());

        log("warming up the service");
        BenchTeam warmup = client.createMigratingTeam("bench-warmup");
        List<UUID> warmupUsers = createUsers(floors, warmup, importSize / 5);
        timeImport(client, warmup, importBody(warmupUsers), warmupUsers.size());
        waitLatencies(client, cpu, warmup,
                List.of(importBody(warmupUsers.subList(0, WAIT_OP_SIZE), true)), 1, 30);

        log("importing " + importSize + " connections in one request");
        BenchTeam big = client.createMigratingTeam("bench-import");
        List<UUID> users = createUsers(floors, big, importSize);
        log("rehearsing the same " + importSize + " connections with dry_run");
        Duration dryRun = BenchImports.timeDryRun(client, big, importBody(users, false, true), importSize);
        byte[] body = importBody(users);
        report.context("import body", String.format(Locale.ROOT, "%.1f MB of JSON", body.length / 1e6));
        BenchImports.ImportTiming timing;
        ResourceSampler sampler = new ResourceSampler(servicePid);
        try {
            timing = timeImport(client, big, body, importSize);
        } finally {
            sampler.close();
        }
        body = null;

        log("measuring wait_for_completion of " + WAIT_OP_SIZE + "-connection ops");
        BenchTeam waiting = client.createMigratingTeam("bench-wait");
        List<UUID> waitUsers = createUsers(floors, waiting, WAIT_OP_SIZE * CLIENTS);
        List<byte[]> waitBodies = new ArrayList<>();
        for (int k = 0; k < CLIENTS; k++) {
            waitBodies.add(importBody(waitUsers.subList(k * WAIT_OP_SIZE, (k + 1) * WAIT_OP_SIZE), true));
        }
        Latencies single = waitLatencies(client, cpu, waiting, waitBodies, 1, waitOps);
        Latencies eight = waitLatencies(client, cpu, waiting, waitBodies, CLIENTS, waitOps / CLIENTS + 1);

        log("measuring the floors on the same database and broker");
        List<ConsumerRecord<String, byte[]>> records = floors.readRecords(importTopic, timing.opId());
        if (records.size() != importSize) {
            throw new IllegalStateException("expected " + importSize + " records of op " + timing.opId() + ", read "
                    + records.size());
        }
        Duration kafkaFloor = floors.produceFloor(records, importPartitions);
        records = null;
        Duration sqlFloor = BenchImports.sqlFloor(floors, big);
        Duration floor = kafkaFloor.plus(sqlFloor);

        double ratio = seconds(timing.terminal()) / seconds(floor);
        report.figure("time to the 202 (" + importSize + " connections)", secondsText(timing.accepted()), "3 s",
                seconds(timing.accepted()) <= 3);
        report.figure("time until the op is terminal", secondsText(timing.terminal()), "10 s",
                seconds(timing.terminal()) <= 10);
        report.figure("dry run of the same connections: time to the answer", secondsText(dryRun), "a few s",
                null);
        report.figure("throughput", String.format(Locale.ROOT, "%.0f connections/s",
                importSize / seconds(timing.terminal())), "", null);
        report.figure("floor: plain producer, same " + importSize + " records", secondsText(kafkaFloor), "", null);
        report.figure("floor: unnest upsert, same rows and table layout", secondsText(sqlFloor), "", null);
        report.figure("end-to-end / floor (Kafka + SQL)", String.format(Locale.ROOT, "%.2fx", ratio), "2x",
                ratio <= 2);
        long peakHeap = GcLog.peakHeapBeforeCollection(gcLog);
        report.figure("peak heap in use (GC log, whole run)", megabytes(peakHeap), "512 MB",
                peakHeap <= 512L * 1024 * 1024);
        report.figure("peak RSS during the import", megabytes(sampler.peakRssBytes()), "", null);
        if (!idle.isEmpty()) {
            report.figure("idle CPU before any request, ms per s (" + CpuAccount.describe(idle, 10) + ")",
                    String.format(Locale.ROOT, "%.0f ms per s", CpuAccount.total(idle) / 10.0), "", null);
        }
        single.report(report, "1 client");
        eight.report(report, CLIENTS + " clients");
        report.write(outDirectory, LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }


    private static Latencies waitLatencies(BenchClient client, CpuAccount cpu, BenchTeam team, List<byte[]> bodies,
            int clients, int opsPerClient) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Map<String, Long> cpuBefore = cpu.snapshot();
        long started = System.nanoTime();
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int k = 0; k < clients; k++) {
                byte[] body = bodies.get(k % bodies.size());
                results.add(pool.submit(() -> {
                    List<Long> nanos = new ArrayList<>();
                    for (int i = 0; i < opsPerClient; i++) {
                        long start = System.nanoTime();
                        Answer answer = client.bulkImport(team, body, true);
                        long took = System.nanoTime() - start;
                        if (answer.status() != 200 || !"success".equals(answer.body().get("status").asText())) {
                            throw new IllegalStateException("wait op answered " + answer.status() + ": "
                                    + answer.body());
                        }
                        nanos.add(took);
                    }
                    return nanos;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }
            return new Latencies(all, System.nanoTime() - started, CpuAccount.between(cpuBefore, cpu.snapshot()));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Request latencies of wait_for_completion ops, the phase's length and the CPU each process spent in it. */
    private record Latencies(List<Long> nanos, long phaseNanos, Map<String, Long> cpuMillis) {

        void report(BenchReport report, String clients) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            double p50 = percentile(sorted, 0.50);
            double p95 = percentile(sorted, 0.95);
            double p99 = percentile(sorted, 0.99);
            String label = "wait_for_completion, " + WAIT_OP_SIZE + " connections, " + clients + " (" + sorted.size()
                    + " ops)";
            report.figure(label + ": p50", millisText(p50), "100 ms", p50 <= 100);
            report.figure(label + ": p95", millisText(p95), "", null);
            report.figure(label + ": p99", millisText(p99), "250 ms", p99 <= 250);
            if (!cpuMillis.isEmpty()) {
                long total = CpuAccount.total(cpuMillis);
                String perProcess = CpuAccount.describe(cpuMillis, nanos.size());
                int cores = Runtime.getRuntime().availableProcessors();
                report.figure(label + ": CPU per op, ms (" + perProcess + ")",
                        String.format(Locale.ROOT, "%.1f ms, machine %.0f %% busy", total / (double) nanos.size(),
                                100.0 * total / (phaseNanos / 1e6) / cores),
                        "", null);
            }
        }

        private static double percentile(List<Long> sorted, double quantile) {
            int index = (int) Math.ceil(quantile * sorted.size()) - 1;
            return sorted.get(Math.max(0, index)) / 1e6;
        }

        private static String millisText(double millis) {
            return String.format(Locale.ROOT, "%.0f ms", millis);
        }
    }
}
