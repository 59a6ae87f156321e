package dev.qualify.report.json;

import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.report.SafeText;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The document {@code results.json} holds: a stable, versioned view of a {@link RunReport} whose field names do
 * not follow refactorings of the core model. Instants are ISO-8601 strings in UTC ({@code Instant.toString()}),
 * durations are whole milliseconds, absent values are {@code null} (never omitted), maps are sorted by key.
 * The fields are documented in the module's README; change them only together with {@link #FORMAT_VERSION}.
 *
 * @param formatVersion  {@link #FORMAT_VERSION}
 * @param runId          the run id
 * @param suiteId        the suite
 * @param suiteVersion   its version
 * @param poolId         the pool
 * @param qualifyVersion the harness version
 * @param startedAt      start of the run
 * @param endedAt        end of the run
 * @param durationMs     {@code endedAt - startedAt}
 * @param interrupted    whether the run was cut short
 * @param exitCode       the exit code of the run
 * @param totals         outcome counts over all groups
 * @param devices        the devices of the pool
 * @param groups         one entry per group and device, in the order they started
 * @param notes          run-level messages
 */
@JsonPropertyOrder({"formatVersion", "runId", "suiteId", "suiteVersion", "poolId", "qualifyVersion", "startedAt",
        "endedAt", "durationMs", "interrupted", "exitCode", "totals", "devices", "groups", "notes"})
record JsonReport(int formatVersion, String runId, String suiteId, String suiteVersion, String poolId,
                  String qualifyVersion, String startedAt, String endedAt, long durationMs, boolean interrupted,
                  int exitCode, Totals totals, List<Device> devices, List<Group> groups, List<String> notes) {

    /** Incremented whenever a field is renamed, removed or changes meaning; adding a field keeps it. */
    static final int FORMAT_VERSION = 1;

    /** Outcome counts. */
    @JsonPropertyOrder({"tests", "passed", "failed", "errors", "skipped"})
    record Totals(long tests, long passed, long failed, long errors, long skipped) {
    }

    /** A device of the pool. */
    @JsonPropertyOrder({"id", "poolId", "connection", "features"})
    record Device(String id, String poolId, String connection, Map<String, String> features) {
    }

    /** One group on one device; {@code outcome} is the worst outcome of its tests (SKIPPED when it has none). */
    @JsonPropertyOrder({"groupId", "title", "required", "deviceId", "startedAt", "durationMs", "outcome", "totals",
            "tests"})
    record Group(String groupId, String title, boolean required, String deviceId, String startedAt, long durationMs,
                 String outcome, Totals totals, List<Test> tests) {
    }

    /**
     * One test case; {@code flaky} is true when it passed after a run of it ended in ERROR, and {@code attemptList}
     * has every run of it (empty when its group ran once).
     */
    @JsonPropertyOrder({"testId", "name", "className", "outcome", "message", "errorType", "detail", "durationMs",
            "attempts", "logPath", "properties", "flaky", "attemptList"})
    record Test(String testId, String name, String className, String outcome, String message, String errorType,
                String detail, long durationMs, int attempts, String logPath, Map<String, String> properties,
                boolean flaky, List<Attempt> attemptList) {
    }

    /** One run of a test case: its attempt number, outcome, message, error type, device, duration and log. */
    @JsonPropertyOrder({"attempt", "outcome", "message", "errorType", "deviceId", "durationMs", "logPath"})
    record Attempt(int attempt, String outcome, String message, String errorType, String deviceId, long durationMs,
                   String logPath) {
    }

    /** Builds the document from a run. */
    static JsonReport of(RunReport run) {
        return new JsonReport(FORMAT_VERSION, text(run.runId()), text(run.suiteId()), text(run.suiteVersion()),
                text(run.poolId()), text(run.qualifyVersion()), instant(run.startedAt()), instant(run.endedAt()),
                run.startedAt() == null || run.endedAt() == null ? 0 : millis(run.duration()),
                run.interrupted(), run.exitCode(),
                new Totals(run.testCount(), run.count(Outcome.PASSED), run.count(Outcome.FAILED),
                        run.count(Outcome.ERROR), run.count(Outcome.SKIPPED)),
                run.devices().stream().map(JsonReport::device).toList(),
                run.groups().stream().map(JsonReport::group).toList(),
                run.notes().stream().map(SafeText::wellFormed).toList());
    }

    private static Device device(DeviceInfo d) {
        return new Device(text(d.id()), text(d.poolId()), text(d.connection()), sorted(d.features()));
    }

    private static Group group(GroupResult g) {
        return new Group(text(g.groupId()), text(g.title()), g.required(), text(g.deviceId()),
                instant(g.startedAt()), millis(g.duration()), g.outcome().name(),
                new Totals(g.tests().size(), g.count(Outcome.PASSED), g.count(Outcome.FAILED),
                        g.count(Outcome.ERROR), g.count(Outcome.SKIPPED)),
                g.tests().stream().map(JsonReport::test).toList());
    }

    private static Test test(TestResult t) {
        return new Test(text(t.testId()), text(t.name()), text(t.className()), t.outcome().name(),
                text(t.message()), text(t.errorType()), text(t.detail()), millis(t.duration()), t.attempts(),
                text(t.logPath()), sorted(t.properties()), t.flaky(),
                t.history().stream().map(a -> new Attempt(a.number(), a.outcome().name(), text(a.message()),
                        text(a.errorType()), text(a.deviceId()), millis(a.duration()), text(a.logPath()))).toList());
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(SafeText.wellFormed(k), SafeText.wellFormed(v)));
        return out;
    }

    private static String text(String s) {
        return SafeText.wellFormed(s);
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static long millis(Duration duration) {
        return duration == null ? 0 : duration.toMillis();
    }
}
