package io.linkops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the service's {@code -Xlog:gc} file: the heap in use before each collection is its peak between them. */
final class GcLog {

    private static final Pattern HEAP_CHANGE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private GcLog() {
    }

    static long peakHeapBeforeCollection(Path log) throws IOException {
        return peak(log, 1);
    }

    /** The most any collection left behind: what was still in use, or not yet collectable, at its busiest. */
    static long peakHeapAfterCollection(Path log) throws IOException {
        return peak(log, 2);
    }

    private static long peak(Path log, int group) throws IOException {
        long peakMegabytes = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher change = HEAP_CHANGE.matcher(line);
            if (change.find()) {
                peakMegabytes = Math.max(peakMegabytes, Long.parseLong(change.group(group)));
            }
        }
        return peakMegabytes * 1024 * 1024;
    }
}
