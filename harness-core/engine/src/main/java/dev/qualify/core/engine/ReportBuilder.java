package dev.qualify.core.engine;

import dev.qualify.api.report.ExitCodes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a {@link RunReport} from journal events. A journal without {@code run-finished} (the process died)
 * gives an interrupted report ending at the last event, with its groups as far as they got.
 */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    /** The report of the run whose journal is {@code journalFile}; a torn last line is skipped. */
    public static RunReport read(java.nio.file.Path journalFile) throws java.io.IOException {
        return build(RunJournal.read(journalFile));
    }

    public static RunReport build(List<JsonNode> events) {
        String runId = "unknown", suite = "", suiteVersion = "", pool = "", version = "";
        Instant start = null, end = null;
        boolean interrupted = true;
        int exitCode = ExitCodes.INTERRUPTED;
        List<DeviceInfo> devices = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, GroupAcc> groups = new LinkedHashMap<>();
        for (JsonNode e : events) {
            Instant at = Instant.parse(e.path("at").asText());
            if (start == null) start = at;
            end = at;
            switch (e.path("event").asText()) {
                case "run-started" -> {
                    runId = e.path("runId").asText();
                    suite = e.path("suite").asText();
                    suiteVersion = e.path("suiteVersion").asText();
                    pool = e.path("pool").asText();
                    version = e.path("qualifyVersion").asText();
                    for (JsonNode d : e.path("devices")) {
                        Map<String, String> features = new LinkedHashMap<>();
                        d.path("features").fields().forEachRemaining(f -> features.put(f.getKey(), f.getValue().asText()));
                        devices.add(new DeviceInfo(d.path("id").asText(), d.path("pool").asText(), d.path("connection").asText(), features));
                    }
                }
                case "group-started" -> groups.put(key(e), new GroupAcc(e.path("group").asText(), e.path("title").asText(),
                        e.path("required").asBoolean(), e.path("device").asText(), at));
                case "test-finished" -> {
                    GroupAcc g = groups.computeIfAbsent(key(e), k -> new GroupAcc(e.path("group").asText(), e.path("group").asText(), false, e.path("device").asText(), at));
                    g.tests.add(test(e));
                    g.end = at;
                }
                case "group-finished" -> {
                    GroupAcc g = groups.get(key(e));
                    if (g != null) g.end = at;
                }
                case "note" -> notes.add(e.path("text").asText());
                case "run-finished" -> {
                    interrupted = e.path("interrupted").asBoolean();
                    exitCode = e.path("exitCode").asInt();
                }
                default -> {
                    // events of later versions are ignored
                }
            }
        }
        if (start == null) start = end = Instant.EPOCH;
        List<GroupResult> results = new ArrayList<>();
        for (GroupAcc g : groups.values()) {
            results.add(new GroupResult(g.id, g.title, g.required, g.device, g.start,
                    Duration.between(g.start, g.end == null ? g.start : g.end), g.tests));
        }
        return new RunReport(runId, suite, suiteVersion, pool, version, start, end, interrupted, exitCode, devices, results, notes);
    }

    private static TestResult test(JsonNode e) {
        Map<String, String> props = new LinkedHashMap<>();
        e.path("properties").fields().forEachRemaining(f -> props.put(f.getKey(), f.getValue().asText()));
        return new TestResult(e.path("testId").asText(), e.path("name").asText(), e.path("className").asText(),
                Outcome.valueOf(e.path("outcome").asText()), text(e, "message"), text(e, "errorType"), text(e, "detail"),
                Duration.ofMillis(e.path("durationMs").asLong()), Math.max(1, e.path("attempts").asInt(1)), text(e, "log"), props);
    }

    private static String text(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String key(JsonNode e) {
        return e.path("device").asText() + "\u0000" + e.path("group").asText();
    }

    private static final class GroupAcc {
        final String id, title, device;
        final boolean required;
        final Instant start;
        Instant end;
        final List<TestResult> tests = new ArrayList<>();

        GroupAcc(String id, String title, boolean required, String device, Instant start) {
            this.id = id;
            this.title = title;
            this.required = required;
            this.device = device;
            this.start = start;
        }
    }
}
