package io.linkops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's figures against their targets, printed as a table and written as JSON and Markdown. */
final class BenchReport {

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    void context(String name, Object value) {
        context.put(name, value);
    }

    void figure(String name, String measured, String target, Boolean met) {
        rows.add(new Row(name, measured, target, met));
    }

    void write(Path directory, String stamp) throws IOException {
        Files.createDirectories(directory);
        String markdown = markdown();
        System.out.println();
        System.out.println(markdown);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("context", context);
        json.put("figures", rows);
        String jsonText = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        Files.writeString(directory.resolve("bench-" + stamp + ".md"), markdown);
        Files.writeString(directory.resolve("bench-" + stamp + ".json"), jsonText);
        Files.writeString(directory.resolve("latest.md"), markdown);
        Files.writeString(directory.resolve("latest.json"), jsonText);
        System.out.println("written to " + directory.toAbsolutePath().resolve("bench-" + stamp + ".{md,json}"));
    }

    private String markdown() {
        StringBuilder text = new StringBuilder();
        context.forEach((name, value) -> text.append("- ").append(name).append(": ").append(value).append('\n'));
        text.append('\n').append("| figure | measured | target | met |\n|---|---|---|---|\n");
        for (Row row : rows) {
            text.append("| ").append(row.name()).append(" | ").append(row.measured()).append(" | ")
                    .append(row.target()).append(" | ")
                    .append(row.met() == null ? "" : row.met() ? "yes" : "**no**").append(" |\n");
        }
        return text.toString();
    }

    /** One figure. */
    record Row(String name, String measured, String target, Boolean met) {
    }
}
