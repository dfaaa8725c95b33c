package io.linkops.testinfra;

/** Reads one sample line of the Prometheus text format, with or without an exemplar ({@code # {trace_id=...}}). */
public final class PrometheusText {

    private PrometheusText() {
    }

    public static double valueOf(String line) {
        int exemplar = line.indexOf(" # ");
        String sample = (exemplar < 0 ? line : line.substring(0, exemplar)).trim();
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }
}
