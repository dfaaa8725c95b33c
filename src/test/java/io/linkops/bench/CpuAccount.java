package io.linkops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** CPU time spent by each process of the stack (service, broker, PostgreSQL, this client), read from /proc. */
final class CpuAccount {

    private static final long TICKS_PER_SECOND = 100;

    private final long servicePid;

    CpuAccount(long servicePid) {
        this.servicePid = servicePid;
    }

    /** CPU milliseconds so far per process group; a missing /proc (not Linux) gives an empty map. */
    Map<String, Long> snapshot() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        ticks.put("service", 0L);
        ticks.put("broker", 0L);
        ticks.put("PostgreSQL", 0L);
        ticks.put("benchmark client", 0L);
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(path -> {
                        long pid = Long.parseLong(path.getFileName().toString());
                        String group = group(pid, self, path);
                        if (group != null) {
                            ticks.merge(group, cpuTicks(path), Long::sum);
                        }
                    });
        } catch (IOException notLinux) {
            return Map.of();
        }
        ticks.replaceAll((group, total) -> total * 1000 / TICKS_PER_SECOND);
        return ticks;
    }

    /** Milliseconds per group spent between two snapshots. */
    static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> spent = new LinkedHashMap<>();
        after.forEach((group, millis) -> spent.put(group, millis - before.getOrDefault(group, 0L)));
        return spent;
    }

    /** All groups' milliseconds together. */
    static long total(Map<String, Long> millis) {
        return millis.values().stream().mapToLong(Long::longValue).sum();
    }

    /** "service 12.3, broker 4.5, ..." with each group's milliseconds divided by {@code per}. */
    static String describe(Map<String, Long> millis, double per) {
        StringBuilder text = new StringBuilder();
        millis.forEach((group, spent) -> text.append(text.isEmpty() ? "" : ", ").append(group).append(' ')
                .append(String.format(Locale.ROOT, "%.1f", spent / per)));
        return text.toString();
    }

    private String group(long pid, long self, Path path) {
        if (pid == servicePid) {
            return "service";
        }
        if (pid == self) {
            return "benchmark client";
        }
        try {
            String comm = Files.readString(path.resolve("comm")).trim();
            if (comm.equals("postgres")) {
                return "PostgreSQL";
            }
            String commandLine = Files.readString(path.resolve("cmdline"));
            return commandLine.contains("io.linkops.testinfra.LocalStack") ? "broker" : null;
        } catch (IOException gone) {
            return null;
        }
    }

    /** utime + stime, plus the children's reaped time (PostgreSQL backends that exited count in the postmaster). */
    private static long cpuTicks(Path path) {
        try {
            String stat = Files.readString(path.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
