package io.linkops.testinfra;

import static io.restassured.RestAssured.given;

/** Reads one sample line of the Prometheus text format, with or without an exemplar ({@code # {trace_id=...}}). */
public final class PrometheusText {

    private PrometheusText() {
    }

    public static double valueOf(String line) {
        int exemplar = line.indexOf(" # ");
        String sample = (exemplar < 0 ? line : line.substring(0, exemplar)).trim();
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }

    /** The value of one series (name and labels, as printed) in the test service's {@code /q/metrics}; 0 if absent. */
    public static double scrape(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(PrometheusText::valueOf).orElse(0.0);
    }
}
