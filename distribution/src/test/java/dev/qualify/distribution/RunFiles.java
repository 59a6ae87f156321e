package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The files of a run directory, read for comparing two runs apart from their timings and ids. */
final class RunFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {
    }

    static JsonNode results(Path runDir) throws IOException {
        return JSON.readTree(runDir.resolve("results.json").toFile());
    }

    /** results.json without the run id, instants and durations. */
    static JsonNode resultsWithoutTimings(Path runDir) throws IOException {
        ObjectNode r = (ObjectNode) results(runDir);
        r.remove(List.of("runId", "startedAt", "endedAt", "durationMs"));
        for (JsonNode g : r.path("groups")) {
            ((ObjectNode) g).remove(List.of("startedAt", "durationMs"));
            for (JsonNode t : g.path("tests")) ((ObjectNode) t).remove("durationMs");
        }
        return r;
    }

    /** junit.xml with the run id, timestamps and times replaced by placeholders. */
    static String junitWithoutTimings(Path runDir) throws IOException {
        String runId = results(runDir).path("runId").asText();
        return Files.readString(runDir.resolve("junit.xml"), StandardCharsets.UTF_8)
                .replace(runId, "RUN-ID")
                .replaceAll("timestamp=\"[^\"]*\"", "timestamp=\"T\"")
                .replaceAll(" time=\"[^\"]*\"", " time=\"S\"")
                .replaceAll("time=[0-9.]+", "time=S");
    }

    /** summary.txt with the run directory and the execution time replaced by placeholders. */
    static String summaryWithoutTimings(Path runDir) throws IOException {
        return Files.readString(runDir.resolve("summary.txt"), StandardCharsets.UTF_8)
                .replace(runDir.toAbsolutePath().toString(), "RUN-DIR")
                .replaceAll("(?m)^Execution Time: .*$", "Execution Time: T");
    }

    /** Every test as {@code group/testId} to its outcome. */
    static Map<String, String> outcomes(Path runDir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode g : results(runDir).path("groups")) {
            for (JsonNode t : g.path("tests")) {
                String key = g.path("groupId").asText() + "/" + t.path("testId").asText();
                if (out.put(key, t.path("outcome").asText()) != null) throw new AssertionError("test " + key + " reported twice");
            }
        }
        return out;
    }

    /** The ids of the run directories under {@code results}, oldest first ({@code latest} left out). */
    static List<Path> runs(Path results) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(results)) {
            s.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p)).sorted().forEach(out::add);
        }
        return out;
    }
}
