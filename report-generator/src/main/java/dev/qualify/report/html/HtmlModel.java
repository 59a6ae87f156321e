package dev.qualify.report.html;
import dev.qualify.api.report.ExitCodes;

import dev.qualify.api.report.Attempt;
import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.report.HumanDuration;
import dev.qualify.report.SafeText;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code report.html} shows, ready to print: every value is already formatted and cleaned of characters a
 * document cannot carry, so the template only lays it out (and FreeMarker's HTML output format escapes it).
 * This is the template's data model, not a stable API.
 *
 * @param runId          run id
 * @param suiteId        suite id
 * @param suiteVersion   suite version
 * @param qualifyVersion harness version
 * @param poolId         pool id
 * @param startedAt      start, UTC, {@code yyyy-MM-dd HH:mm:ss UTC}
 * @param endedAt        end, same format
 * @param duration       human duration, e.g. {@code 5m03s}
 * @param verdict        {@link ExitCodes#verdict(int)}
 * @param verdictClass   CSS class of the verdict badge
 * @param exitCode       the exit code
 * @param exitMeaning    {@link ExitCodes#meaning(int)}
 * @param interrupted    whether the run was cut short
 * @param notes          run-level messages
 * @param totals         counts over the whole run
 * @param devices        one section per device that is in the pool or ran a group, pool order first
 * @param groupIds       the distinct group ids, sorted, for the group filter
 */
public record HtmlModel(String runId, String suiteId, String suiteVersion, String qualifyVersion, String poolId,
                        String startedAt, String endedAt, String duration, String verdict, String verdictClass,
                        int exitCode, String exitMeaning, boolean interrupted, List<String> notes, Counts totals,
                        List<DeviceSection> devices, List<String> groupIds) {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Outcome counts. */
    public record Counts(long tests, long passed, long failed, long errors, long skipped) {
        static Counts of(List<TestResult> tests) {
            Map<Outcome, Long> by = tests.stream()
                    .collect(Collectors.groupingBy(TestResult::outcome, Collectors.counting()));
            return new Counts(tests.size(), by.getOrDefault(Outcome.PASSED, 0L), by.getOrDefault(Outcome.FAILED, 0L),
                    by.getOrDefault(Outcome.ERROR, 0L), by.getOrDefault(Outcome.SKIPPED, 0L));
        }
    }

    /**
     * A device and the groups it ran.
     *
     * @param anchor     HTML id
     * @param id         device id
     * @param poolId     pool id
     * @param connection how it was reached; empty when unknown
     * @param features   {@code name=value} pairs, comma-separated; empty when none
     * @param groups     in the order they started
     * @param timeline   its groups' steps over the run's time
     */
    public record DeviceSection(String anchor, String id, String poolId, String connection, String features,
                                List<GroupSection> groups, Timeline timeline) {
    }

    /**
     * A group on one device.
     *
     * @param anchor       HTML id
     * @param groupId      group id
     * @param title        human title
     * @param required     whether qualification needs it
     * @param outcome      the worst outcome of its tests
     * @param outcomeClass CSS class of the outcome badge
     * @param counts       its outcome counts
     * @param startedAt    when it started
     * @param duration     human duration
     * @param tests        in execution order
     * @param deviceId     the device it ran on
     */
    public record GroupSection(String anchor, String groupId, String title, boolean required, String outcome,
                               String outcomeClass, Counts counts, String startedAt, String duration,
                               List<TestEntry> tests, String deviceId) {
    }

    /**
     * A test case.
     *
     * @param name         shown name
     * @param testId       stable id
     * @param className    JUnit class name
     * @param outcome      outcome name
     * @param outcomeClass CSS class of the outcome badge
     * @param duration     human duration
     * @param message      one line, empty when none
     * @param errorType    failure or error kind, empty when none
     * @param detail       longer text, empty when none
     * @param attempts     how many times it ran
     * @param logHref      percent-encoded relative link to its log, empty when it has none
     * @param logPath      the log path as text, empty when none
     * @param anchor       HTML id of its row
     * @param log          its log as shown inline, or null when it is not
     * @param logNote      why its log is not shown inline; empty when it is or there is none
     * @param flaky        whether it passed after a run of it ended in ERROR
     * @param attemptList  every run of it when it ran more than once ({@code --retries}), or its one run when that was
     *                     on another device than its group's last; else empty
     */
    public record TestEntry(String name, String testId, String className, String outcome, String outcomeClass,
                            String duration, String message, String errorType, String detail, int attempts,
                            String logHref, String logPath, String anchor, LogExcerpt log, String logNote,
                            boolean flaky, List<AttemptEntry> attemptList) {
        public TestEntry {
            attemptList = List.copyOf(attemptList);
        }
    }

    /**
     * One run of a test case.
     *
     * @param number       its attempt number, from 1
     * @param outcome      outcome name
     * @param outcomeClass CSS class of the outcome badge
     * @param message      one line, empty when none
     * @param errorType    failure or error kind, empty when none
     * @param deviceId     the device it ran on
     * @param duration     human duration
     * @param logHref      percent-encoded relative link to its log, empty when none
     * @param logPath      the log path as text, empty when none
     */
    public record AttemptEntry(int number, String outcome, String outcomeClass, String message, String errorType,
                               String deviceId, String duration, String logHref, String logPath) {
    }

    /** Builds the page model of a run without its logs inline. */
    public static HtmlModel of(RunReport run) {
        return of(run, null);
    }

    /**
     * Builds the page model of a run, with each test's log read from {@code runDir} (null: none inline).
     */
    public static HtmlModel of(RunReport run, Path runDir) {
        List<TestResult> all = run.groups().stream().flatMap(g -> g.tests().stream()).toList();
        InlineLogs logs = new InlineLogs(runDir, all);
        int[] testIndex = {0};
        Instant runStart = run.startedAt() == null ? Instant.EPOCH : run.startedAt();
        Instant runEnd = run.endedAt() == null || run.endedAt().isBefore(runStart) ? runStart : run.endedAt();
        Map<String, List<GroupResult>> byDevice = new LinkedHashMap<>();
        run.devices().forEach(d -> byDevice.put(d.id(), new ArrayList<>()));
        run.groups().forEach(g -> byDevice.computeIfAbsent(g.deviceId(), id -> new ArrayList<>()).add(g));

        List<DeviceSection> devices = new ArrayList<>();
        int deviceIndex = 0;
        for (Map.Entry<String, List<GroupResult>> entry : byDevice.entrySet()) {
            DeviceInfo info = run.devices().stream().filter(d -> d.id().equals(entry.getKey())).findFirst()
                    .orElse(null);
            List<GroupSection> groups = new ArrayList<>();
            for (GroupResult g : entry.getValue()) {
                groups.add(group(g, "g" + deviceIndex + "-" + groups.size(), logs, testIndex));
            }
            Timeline timeline = Timeline.of(entry.getValue(),
                    groups.stream().map(gs -> gs.tests().stream().map(TestEntry::anchor).toList()).toList(),
                    runStart, runEnd);
            devices.add(new DeviceSection("d" + deviceIndex++, line(entry.getKey()),
                    line(info == null ? run.poolId() : info.poolId()),
                    line(info == null ? null : info.connection()),
                    info == null ? "" : new TreeMap<>(info.features()).entrySet().stream()
                            .map(f -> line(f.getKey()) + "=" + line(f.getValue()))
                            .collect(Collectors.joining(", ")),
                    groups, timeline));
        }
        return new HtmlModel(line(run.runId()), line(run.suiteId()), line(run.suiteVersion()),
                line(run.qualifyVersion()), line(run.poolId()), time(run.startedAt()), time(run.endedAt()),
                HumanDuration.format(run.startedAt() == null || run.endedAt() == null ? null : run.duration()),
                ExitCodes.verdict(run.exitCode()), ExitCodes.verdict(run.exitCode()).toLowerCase(),
                run.exitCode(), ExitCodes.meaning(run.exitCode()), run.interrupted(),
                run.notes().stream().map(HtmlModel::line).toList(), Counts.of(all), devices,
                run.groups().stream().map(g -> line(g.groupId())).distinct().sorted().toList());
    }

    private static GroupSection group(GroupResult g, String anchor, InlineLogs logs, int[] testIndex) {
        List<TestEntry> tests = new ArrayList<>(g.tests().size());
        for (TestResult t : g.tests()) {
            tests.add(test(t, "t" + testIndex[0]++, logs, g.deviceId()));
        }
        return new GroupSection(anchor, line(g.groupId()), line(g.title()), g.required(), g.outcome().name(),
                g.outcome().name().toLowerCase(), Counts.of(g.tests()), time(g.startedAt()),
                HumanDuration.format(g.duration()), tests, line(g.deviceId()));
    }

    /**
     * @param anchor      HTML id of its row
     * @param groupDevice the device its group is listed under: a single attempt is listed only when it ran elsewhere
     */
    private static TestEntry test(TestResult t, String anchor, InlineLogs logs, String groupDevice) {
        boolean listed = t.history().size() > 1
                || t.history().size() == 1 && !t.history().get(0).deviceId().equals(groupDevice);
        return new TestEntry(line(t.name()), line(t.testId()), line(t.className()), t.outcome().name(),
                t.outcome().name().toLowerCase(), HumanDuration.format(t.duration()), line(t.message()),
                line(t.errorType()), SafeText.clean(t.detail()), t.attempts(), href(t.logPath()),
                line(t.logPath()), anchor, logs.excerpt(t), logs.reason(t), t.flaky(),
                listed ? t.history().stream().map(HtmlModel::attempt).toList() : List.of());
    }

    private static AttemptEntry attempt(Attempt a) {
        return new AttemptEntry(a.number(), a.outcome().name(), a.outcome().name().toLowerCase(), line(a.message()),
                line(a.errorType()), line(a.deviceId()), HumanDuration.format(a.duration()), href(a.logPath()),
                line(a.logPath()));
    }

    /**
     * A relative link to a file of the run directory: each '/'-separated segment percent-encoded, so names with
     * spaces, '#' or '?' still open the right file.
     */
    static String href(String relativePath) {
        if (relativePath == null || relativePath.isBlank()) {
            return "";
        }
        return Arrays.stream(SafeText.oneLine(relativePath).split("/", -1))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    private static String line(String text) {
        return SafeText.oneLine(text);
    }
}
