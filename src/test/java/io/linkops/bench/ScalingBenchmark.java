package io.linkops.bench;

import static io.linkops.bench.BenchImports.createUsers;
import static io.linkops.bench.BenchImports.importBody;
import static io.linkops.bench.BenchImports.log;
import static io.linkops.bench.BenchImports.megabytes;
import static io.linkops.bench.BenchImports.seconds;
import static io.linkops.bench.BenchImports.secondsText;
import static io.linkops.bench.BenchImports.timeImport;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkops.bench.BenchClient.Answer;
import io.linkops.bench.BenchClient.BenchTeam;
import io.linkops.bench.BenchImports.ImportTiming;
import io.linkops.testinfra.ToolLogging;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures how linkops scales, as {@code deployment/local/bench-scaling.sh} runs it, starting its own service
 * processes per setting: one large op with 1, 2 and 4 import consumers and with two worker processes (time,
 * throughput and each consumer's share), the cold and warm time to the 202, a million connections as ten concurrent
 * ops, and the refresher against a fake provider with one and two workers. Arguments: see the script.
 */
public final class ScalingBenchmark {

    private static final String IMPORT_GROUP = "linkops-import-workers";
    private static final int REFRESH_CONNECTIONS = 20_000;
    private static final List<String> SERVICE_JVM = List.of("-Xmx512m");

    private final BenchStack stack;
    private final BenchReport report = new BenchReport();
    private final int importSize;
    private final int partitions;
    private final String importTopic;

    private ScalingBenchmark(BenchStack stack, int importSize, int partitions, String importTopic) {
        this.stack = stack;
        this.importSize = importSize;
        this.partitions = partitions;
        this.importTopic = importTopic;
    }

    public static void main(String[] args) throws Exception {
        ToolLogging.clientProcess();
        BenchStack stack = new BenchStack(Path.of(args[0]), Path.of(args[1]).resolve("logs"), args[2], args[3],
                args[4], args[5], Integer.parseInt(args[6]), args[7], args[8]);
        Path outDirectory = Path.of(args[1]);
        Set<String> sections = Set.of(args[9].split(","));
        ScalingBenchmark bench = new ScalingBenchmark(stack, Integer.parseInt(args[10]), Integer.parseInt(args[11]),
                args[12]);
        bench.report.context("date", LocalDateTime.now().withNano(0).toString());
        bench.report.context("machine", Runtime.getRuntime().availableProcessors() + " cores, PostgreSQL, one "
                + "Kafka broker, every service process -Xmx512m, all on this machine");
        if (sections.contains("imports")) {
            bench.importScaling();
        }
        if (sections.contains("cold")) {
            bench.coldAndWarm();
        }
        if (sections.contains("million")) {
            bench.million();
        }
        if (sections.contains("refresh")) {
            bench.refresher();
        }
        bench.report.write(outDirectory, "scaling-" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** One op of {@code importSize} connections with 1, 2 and 4 consumers in one worker, then two workers. */
    private void importScaling() throws Exception {
        Floors floors = stack.floors();
        String floorOp = null;
        BenchTeam floorTeam = null;
        Duration oneConsumer = null;
        for (String setting : System.getenv().getOrDefault("BENCH_IMPORT_SETTINGS", "1x1,1x2,1x4,2x2").split(",")) {
            int processes = Integer.parseInt(setting.split("x")[0]);
            int consumers = Integer.parseInt(setting.split("x")[1]);
            String label = processes == 1 ? consumers + " consumer" + (consumers == 1 ? "" : "s") + ", one worker"
                    : processes + " worker processes x " + consumers + " consumers";
            log("import scaling: " + label);
            List<BenchService> services = new ArrayList<>();
            try {
                for (int p = 0; p < processes; p++) {
                    services.add(BenchService.start("import-" + processes + "x" + consumers + "-" + p, stack,
                            Map.of("LINKOPS_ROLE", p == 0 ? "api,worker,operator" : "worker",
                                    "LINKOPS_WORKER_CONSUMERS", String.valueOf(consumers),
                                    "LINKOPS_WORKER_NAME", "w" + p), SERVICE_JVM));
                }
                BenchClient client = new BenchClient(services.get(0).baseUri(), BenchStack.ADMIN_KEY);
                BenchTeam warm = client.createMigratingTeam("scaling-warm-" + label);
                List<UUID> warmUsers = createUsers(floors, warm, importSize / 5);
                timeImport(client, warm, importBody(warmUsers), warmUsers.size());
                awaitMembers(processes * consumers);
                BenchTeam team = client.createMigratingTeam("scaling-" + label);
                List<UUID> users = createUsers(floors, team, importSize);
                byte[] body = importBody(users);
                Map<Integer, Long> before = endOffsets();
                Map<String, List<Integer>> assignedBefore = assignment();
                ImportTiming timing = timeImport(client, team, body, importSize);
                Map<Integer, Long> after = endOffsets();
                Map<String, List<Integer>> assigned = assignment();
                if (oneConsumer == null) {
                    oneConsumer = timing.terminal();
                }
                report.figure("import " + importSize + ", " + label + ": time to terminal",
                        secondsText(timing.terminal()), "10 s", seconds(timing.terminal()) <= 10);
                report.figure("import " + importSize + ", " + label + ": throughput", String.format(Locale.ROOT,
                        "%.0f connections/s (%.2fx one consumer)", importSize / seconds(timing.terminal()),
                        seconds(oneConsumer) / seconds(timing.terminal())), "", null);
                reportShares(label, before, after, assigned, !assigned.equals(assignedBefore));
                if (floorOp == null) {
                    floorOp = timing.opId();
                    floorTeam = team;
                }
            } finally {
                services.forEach(BenchService::close);
            }
        }
        log("measuring the floors on the same database and broker");
        List<ConsumerRecord<String, byte[]>> records = floors.readRecords(importTopic, floorOp);
        Duration kafkaFloor = floors.produceFloor(records, partitions);
        records = null;
        Duration sqlFloor = BenchImports.sqlFloor(floors, floorTeam);
        report.figure("floor: plain producer + unnest upsert of the same " + importSize + " connections",
                secondsText(kafkaFloor.plus(sqlFloor)) + " (" + secondsText(kafkaFloor) + " + "
                        + secondsText(sqlFloor) + ")", "", null);
    }

    private void reportShares(String label, Map<Integer, Long> before, Map<Integer, Long> after,
            Map<String, List<Integer>> assigned, boolean rebalanced) {
        Map<String, Long> shares = new TreeMap<>();
        assigned.forEach((member, memberPartitions) -> shares.put(member, memberPartitions.stream()
                .mapToLong(partition -> after.get(partition) - before.get(partition)).sum()));
        double even = (double) importSize / shares.size();
        double worst = shares.values().stream().mapToDouble(share -> Math.abs(share - even) / even).max().orElse(1);
        // A member id is "<client id>-<uuid>": the client id names the process and consumer.
        String text = shares.entrySet().stream().map(entry -> entry.getKey().substring(0, Math.max(0,
                        entry.getKey().length() - 37)) + " " + entry.getValue())
                .collect(Collectors.joining(", "));
        report.figure("import " + importSize + ", " + label + ": records per consumer" + (rebalanced
                ? " (the group rebalanced during the op)" : ""), text + String.format(Locale.ROOT,
                "; worst %.0f%% off the even share", worst * 100), "within 25%", worst <= 0.25);
    }

    /** The 202 of the first large request after start, with its users just created through the API, then warm. */
    private void coldAndWarm() throws Exception {
        log("cold start: a new service, users created through the API, then the first large import");
        try (BenchService service = BenchService.start("cold", stack, Map.of(), SERVICE_JVM)) {
            report.figure("service start to ready", secondsText(service.startup()), "", null);
            BenchClient client = new BenchClient(service.baseUri(), BenchStack.ADMIN_KEY);
            BenchTeam team = client.createMigratingTeam("scaling-cold");
            long start = System.nanoTime();
            List<UUID> users = createUsersThroughTheApi(client, team, importSize);
            Duration creating = Duration.ofNanos(System.nanoTime() - start);
            report.figure(importSize + " users created through POST /v2/user (8 clients)", secondsText(creating)
                    + String.format(Locale.ROOT, " (%.0f/s)", importSize / seconds(creating)), "", null);
            ImportTiming cold = timeImport(client, team, importBody(users), importSize);
            BenchTeam second = client.createMigratingTeam("scaling-warm");
            ImportTiming warm = timeImport(client, second, importBody(createUsers(stack.floors(), second,
                    importSize)), importSize);
            report.figure("time to the 202, " + importSize + " connections, cold (first large request)",
                    secondsText(cold.accepted()), "", null);
            report.figure("time to the 202, " + importSize + " connections, warm (second)",
                    secondsText(warm.accepted()), "3 s", seconds(warm.accepted()) <= 3);
            report.figure("time to terminal, cold / warm", secondsText(cold.terminal()) + " / "
                    + secondsText(warm.terminal()), "10 s", seconds(warm.terminal()) <= 10);
        }
    }

    private static List<UUID> createUsersThroughTheApi(BenchClient client, BenchTeam team, int count)
            throws Exception {
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<UUID>>> parts = new ArrayList<>();
            for (int k = 0; k < clients; k++) {
                int from = k * count / clients;
                int to = (k + 1) * count / clients;
                parts.add(pool.submit(() -> {
                    List<UUID> ids = new ArrayList<>(to - from);
                    for (int i = from; i < to; i++) {
                        ids.add(client.createUser(team, "cold-" + i));
                    }
                    return ids;
                }));
            }
            List<UUID> all = new ArrayList<>(count);
            for (Future<List<UUID>> part : parts) {
                all.addAll(part.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Ten concurrent ops of {@code importSize} from one team; exact counts; heap from the GC log. */
    private void million() throws Exception {
        int ops = 10;
        log("a million connections: " + ops + " concurrent ops of " + importSize + " from one team");
        Path gcLog = stack.logDirectory().resolve("million-gc.log");
        Files.createDirectories(stack.logDirectory());
        Files.deleteIfExists(gcLog);
        try (BenchService service = BenchService.start("million", stack, Map.of(),
                List.of("-Xmx512m", "-Xlog:gc:file=" + gcLog))) {
            BenchClient client = new BenchClient(service.baseUri(), BenchStack.ADMIN_KEY);
            BenchTeam team = client.createMigratingTeam("scaling-million");
            List<List<UUID>> users = new ArrayList<>();
            for (int k = 0; k < ops; k++) {
                users.add(createUsers(stack.floors(), team, importSize));
            }
            ExecutorService pool = Executors.newFixedThreadPool(ops);
            ResourceSampler sampler = new ResourceSampler(service.pid());
            long start = System.nanoTime();
            List<String> opIds = new ArrayList<>();
            try {
                List<Future<String>> submitted = new ArrayList<>();
                for (List<UUID> opUsers : users) {
                    submitted.add(pool.submit(() -> {
                        byte[] body = importBody(opUsers);
                        Answer answer = client.bulkImport(team, body, false);
                        while (answer.status() == 429) {
                            // What a client does when told the service is busy: wait as asked, then send again.
                            Thread.sleep(Duration.ofSeconds(answer.retryAfterSeconds()).toMillis());
                            answer = client.bulkImport(team, body, false);
                        }
                        if (answer.status() != 202) {
                            throw new IllegalStateException("bulk_import answered " + answer.status() + ": "
                                    + answer.body());
                        }
                        return answer.body().get("bulk_op_id").asText();
                    }));
                }
                for (Future<String> opId : submitted) {
                    opIds.add(opId.get(10, TimeUnit.MINUTES));
                }
                awaitAllTerminal(client, team, opIds);
            } finally {
                sampler.close();
                pool.shutdownNow();
            }
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            long connections;
            try (Connection db = stack.floors().connect(); PreparedStatement count = db.prepareStatement(
                    "select count(*) from connections where team_id = ?")) {
                count.setObject(1, team.id());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    connections = rows.getLong(1);
                }
            }
            long expected = (long) ops * importSize;
            if (connections != expected) {
                throw new IllegalStateException("expected " + expected + " connections, found " + connections);
            }
            long peakHeap = GcLog.peakHeapBeforeCollection(gcLog);
            report.figure(expected + " connections as " + ops + " concurrent ops: all success, exact counts",
                    secondsText(total) + String.format(Locale.ROOT, " (%.0f connections/s)", expected
                            / seconds(total)), "", null);
            report.figure("peak heap in use during the million (GC log)", megabytes(peakHeap), "512 MB",
                    peakHeap <= 512L * 1024 * 1024);
            report.figure("most heap left after a collection during the million (GC log)",
                    megabytes(GcLog.peakHeapAfterCollection(gcLog)), "", null);
            report.figure("peak RSS during the million", megabytes(sampler.peakRssBytes()), "", null);
        }
    }

    private static void awaitAllTerminal(BenchClient client, BenchTeam team, List<String> opIds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (true) {
            Map<String, JsonNode> byId = new HashMap<>();
            client.newestBulkOps(team, opIds.size()).forEach(op -> byId.put(op.get("id").asText(), op));
            long open = opIds.stream().filter(id -> byId.get(id) == null
                    || "in_progress".equals(byId.get(id).get("status").asText())).count();
            if (open == 0) {
                for (String id : opIds) {
                    if (!"success".equals(byId.get(id).get("status").asText())) {
                        throw new IllegalStateException("op " + id + " ended " + byId.get(id));
                    }
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(open + " ops not terminal within 30 minutes");
            }
            Thread.sleep(250); // polling interval of a measurement, not a synchronisation
        }
    }

    /** Due connections refreshed against a token endpoint answering in 50 ms, by one worker and then by two. */
    private void refresher() throws Exception {
        log("refresher: " + REFRESH_CONNECTIONS + " due connections, provider latency 50 ms");
        try (FakeTokenEndpoint provider = new FakeTokenEndpoint(Duration.ofMillis(50))) {
            Map<String, String> settings = Map.of("LINKOPS_PROVIDERS_FITBIT_TOKEN_URL", provider.url(),
                    "LINKOPS_REFRESHER_INTERVAL", "1s");
            List<BenchService> workers = new ArrayList<>();
            try {
                workers.add(BenchService.start("refresh-0", stack, settings, SERVICE_JVM));
                BenchClient client = new BenchClient(workers.get(0).baseUri(), BenchStack.ADMIN_KEY);
                BenchTeam team = client.createMigratingTeam("scaling-refresh");
                List<UUID> users = createUsers(stack.floors(), team, REFRESH_CONNECTIONS);
                timeImport(client, team, importBody(users), users.size());
                refreshRound(team, workers, "one worker", 200.0);
                Map<String, String> worker = new HashMap<>(settings);
                worker.put("LINKOPS_ROLE", "worker");
                workers.add(BenchService.start("refresh-1", stack, worker, SERVICE_JVM));
                refreshRound(team, workers, "two workers", null);
            } finally {
                workers.forEach(BenchService::close);
            }
            report.figure("refresh tokens sent more than once", String.valueOf(provider.tokensSentMoreThanOnce()),
                    "0", provider.tokensSentMoreThanOnce() == 0);
            report.figure("token endpoint calls in all", String.valueOf(provider.calls()),
                    String.valueOf(2 * REFRESH_CONNECTIONS), provider.calls() == 2L * REFRESH_CONNECTIONS);
        }
    }

    private void refreshRound(BenchTeam team, List<BenchService> workers, String label, Double target)
            throws Exception {
        List<Double> before = new ArrayList<>();
        for (BenchService worker : workers) {
            before.add(worker.counter("linkops_refresher_outcomes_total", "outcome=\"refreshed\""));
        }
        Timestamp madeDue;
        try (Connection db = stack.floors().connect(); PreparedStatement due = db.prepareStatement(
                "update connections set expires_at = extract(epoch from now())::bigint + 60 where team_id = ? "
                        + "returning now()")) {
            due.setObject(1, team.id());
            try (ResultSet rows = due.executeQuery()) {
                rows.next();
                madeDue = rows.getTimestamp(1);
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        List<Object> span;
        while (true) {
            span = refreshedSince(team, madeDue);
            if (((Number) span.get(0)).intValue() == REFRESH_CONNECTIONS) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("refreshed " + span.get(0) + " of " + REFRESH_CONNECTIONS);
            }
            Thread.sleep(200); // polling interval of a measurement, not a synchronisation
        }
        Duration taken = Duration.between(((Timestamp) span.get(1)).toInstant(),
                ((Timestamp) span.get(2)).toInstant());
        double rate = REFRESH_CONNECTIONS / seconds(taken);
        List<String> shares = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
            shares.add(workers.get(w).name() + " " + (long) (workers.get(w).counter("linkops_refresher_outcomes_total",
                    "outcome=\"refreshed\"") - before.get(w)));
        }
        report.figure("refresher, " + label + ": refreshes/s (first to last refresh)", String.format(Locale.ROOT,
                "%.0f/s over %s; per worker: %s", rate, secondsText(taken), String.join(", ", shares)),
                target == null ? "more than one worker" : String.format(Locale.ROOT, "%.0f/s", target),
                target == null ? null : rate >= target);
    }

    private List<Object> refreshedSince(BenchTeam team, Timestamp since) throws Exception {
        try (Connection db = stack.floors().connect(); PreparedStatement query = db.prepareStatement(
                "select count(*), min(refreshed_at), max(refreshed_at) from connections where team_id = ? "
                        + "and refreshed_at > ?")) {
            query.setObject(1, team.id());
            query.setTimestamp(2, since);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return List.of(rows.getLong(1), rows.getTimestamp(2) == null ? since : rows.getTimestamp(2),
                        rows.getTimestamp(3) == null ? since : rows.getTimestamp(3));
            }
        }
    }

    private Map<Integer, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        IntStream.range(0, partitions).forEach(p -> latest.put(new TopicPartition(importTopic, p),
                OffsetSpec.latest()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
            Map<Integer, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
            return offsets;
        }
    }

    /** Each member of the import group by client id, with the partitions it holds. */
    private Map<String, List<Integer>> assignment() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(IMPORT_GROUP)).all()
                    .get(30, TimeUnit.SECONDS).get(IMPORT_GROUP);
            Map<String, List<Integer>> members = new TreeMap<>();
            for (MemberDescription member : group.members()) {
                members.put(member.consumerId(), member.assignment()
                        .topicPartitions().stream().filter(partition -> partition.topic().equals(importTopic))
                        .map(TopicPartition::partition).sorted().toList());
            }
            return members;
        }
    }

    private void awaitMembers(int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Map<String, List<Integer>> members = assignment();
            int assigned = members.values().stream().mapToInt(List::size).sum();
            if (members.size() == expected && assigned == partitions) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("import group has " + members + ", expected " + expected
                        + " members over " + partitions + " partitions");
            }
            Thread.sleep(250); // polling the broker's view of the group, not a synchronisation
        }
    }
}
