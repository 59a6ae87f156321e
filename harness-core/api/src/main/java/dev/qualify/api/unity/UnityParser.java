package dev.qualify.api.unity;

import dev.qualify.api.report.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Unity test output from a device console, one line at a time, and turns it into test cases, a summary and
 * a list of problems.
 *
 * <h2>What it understands</h2>
 * <ul>
 *   <li>The markers a port prints around a run (FLIT ports, the FRQ 1.x test runner), matched as substrings so log
 *       prefixes do not matter: {@value #START_MARKER} and {@value #END_MARKER}.</li>
 *   <li>Unity Fixture verbose lines: {@code TEST(Group, Name) PASS}, {@code TEST(G, N)path/file.c:42::FAIL: msg},
 *       {@code TEST(G, N)file.c:42::IGNORE} and {@code ...::IGNORE: msg}. Progress dots a test prints between the
 *       name and its verdict ({@code UNITY_OUTPUT_CHAR('.')}) and an execution time ({@code PASS (12 ms)}) are
 *       tolerated. When a test prints whole lines of its own, the verdict ({@code " PASS"} or
 *       {@code file.c:42::FAIL: ...}) may arrive on a later line and is attached to the pending test. A bare
 *       {@code TEST(G, N)} line followed by another test, the summary or the end marker is Unity's verbose output
 *       for {@code IGNORE_TEST} and becomes SKIPPED.</li>
 *   <li>Plain Unity lines: {@code file.c:123:test_name:PASS}, {@code ...:FAIL: msg}, {@code ...:IGNORE[: msg]}
 *       (group {@code null}).</li>
 *   <li>The summary {@code N Tests N Failures N Ignored}, then {@code OK}, {@code FAIL} or {@code FAILED}.</li>
 * </ul>
 * Every line is first cleaned: the line terminator and stray carriage returns, ANSI escape sequences (complete or
 * broken, as {@code UNITY_OUTPUT_COLOR} builds print them), other control characters, U+FFFD replacement characters
 * (undecodable bytes) and a trailing log suffix such as {@code  (qualification_app_main.c:101)} are removed. Log
 * prefixes such as {@code <INF>    87259 [QualTest  ] } are tolerated because every pattern is searched within the
 * line rather than anchored at its start. Lines that match nothing are ignored.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Result lines before the start marker are not results: they are counted and reported through
 *       {@link UnityProblem.Kind#MISSING_START}, never added to the cases.</li>
 *   <li>A parser reads one run: once the end marker was seen, later lines are counted in
 *       {@link UnityRun#linesSeen()} and otherwise ignored. An end marker without a start marker also ends the run
 *       (so the caller stops waiting) and is reported as MISSING_START.</li>
 *   <li>A death string ({@link UnityParserOptions#deathStrings()}) on any line that is not itself a Unity line, the
 *       boot banner seen after the start marker, or a second start marker before the end marker make
 *       {@link #fatal()} present; the caller should stop reading. Later lines are counted but not parsed.</li>
 *   <li>A Unity {@code IGNORE} is SKIPPED, never FAILED.</li>
 * </ul>
 * Problems other than the fatal one are computed when {@link #result()} is called, so {@code result()} may be
 * called at any time (for instance on a read timeout) and says what is missing at that moment.
 *
 * <p>Instances are thread-safe (all methods synchronise on the parser), so one thread may feed lines while another
 * polls {@link #finished()}.
 */
public final class UnityParser {

    /** The start marker a port prints from {@code UNITY_OUTPUT_START()}. */
    public static final String START_MARKER = "---------STARTING TESTS---------";
    /** The end marker a port prints from {@code UNITY_OUTPUT_COMPLETE()}. */
    public static final String END_MARKER = "-------ALL TESTS FINISHED-------";

    /** Complete CSI, OSC, broken CSI (no final byte), two-character escapes and a lone ESC, in that order. */
    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]"
                    + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?"
                    + "|\u001B\\[[0-?]*[ -/]*"
                    + "|\u001B[@-Z\\\\-_]?");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0A-\\x1F\\x7F\\x{FFFD}]");
    /** A log suffix naming the logging call site, e.g. {@code  (qualification_app_main.c:101)}. */
    private static final Pattern LOG_SUFFIX = Pattern.compile(
            "\\s+\\([\\w.\\-/\\\\]+\\.(?:c|h|cc|cpp|cxx|hpp):\\d+\\)\\s*$");

    private static final Pattern FIXTURE = Pattern.compile(
            "TEST\\(\\s*([A-Za-z_]\\w*)\\s*,\\s*([A-Za-z_]\\w*)\\s*\\)(.*)$");
    /** Progress dots printed by a running test, unless they start a relative path such as {@code ./src}. */
    private static final Pattern LEADING_DOTS = Pattern.compile("^\\.+(?![/\\\\])");
    private static final Pattern FIXTURE_VERDICT = Pattern.compile(
            "(?<![^\\s])(\\S+?):(\\d{1,9})::(FAIL|IGNORE)(.*)$");
    private static final Pattern PASS_WORD = Pattern.compile(
            "(?:^|\\s)PASS(?:\\s+\\(\\d+\\s*ms\\))?\\s*$");
    private static final Pattern PLAIN = Pattern.compile(
            "(?<![^\\s])(\\S+?):(\\d{1,9}):([A-Za-z_]\\w*):(PASS|FAIL|IGNORE)(.*)$");
    private static final Pattern EXEC_TIME = Pattern.compile("^\\s*\\(\\d+\\s*ms\\)\\s*$");
    private static final Pattern COUNTS = Pattern.compile(
            "(?<!\\d)(\\d{1,9}) Tests (\\d{1,9}) Failures (\\d{1,9}) Ignored");
    private static final Pattern VERDICT = Pattern.compile("(?:^|\\s)(OK|FAILED|FAIL)\\s*$");

    private final UnityParserOptions options;

    private final List<UnityCase> cases = new ArrayList<>();
    private final List<int[]> summaries = new ArrayList<>();
    private final List<Boolean> verdicts = new ArrayList<>();
    private int linesSeen;
    private int linesAfterStart;
    private int resultLinesBeforeStart;
    private int bannersSeen;
    private boolean started;
    private boolean finished;
    private boolean awaitingVerdict;
    private Pending pending;
    private String lastResultLine;
    private UnityProblem fatal;

    /** A fixture test whose name was printed but whose verdict has not been seen yet. */
    private record Pending(String group, String name, String rawLine, boolean bare) {
    }

    public UnityParser(UnityParserOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Feeds one raw console line. It may still carry its line terminator ({@code \r}, {@code \n}), ANSI escapes,
     * a log prefix and suffix, and U+FFFD characters for undecodable bytes. {@code null} is not allowed.
     */
    public synchronized void accept(String line) {
        Objects.requireNonNull(line, "line");
        linesSeen++;
        if (fatal != null || finished) {
            return;
        }
        if (started) {
            linesAfterStart++;
        }
        String raw = stripTerminator(line);
        String clean = clean(raw);

        if (clean.contains(END_MARKER)) {
            resolvePending();
            finished = true;
            awaitingVerdict = false;
            return;
        }
        if (clean.contains(START_MARKER)) {
            if (started) {
                fatal = new UnityProblem(UnityProblem.Kind.REBOOT, "start marker '" + START_MARKER
                        + "' seen again after " + testLines(cases.size())
                        + " without an end marker: the board restarted its tests (it probably rebooted)");
            } else {
                started = true;
            }
            return;
        }
        if (parseResult(raw, clean)) {
            return;
        }
        Matcher counts = COUNTS.matcher(clean);
        if (counts.find()) {
            if (started) {
                resolvePending();
                summaries.add(new int[] {
                        Integer.parseInt(counts.group(1)), Integer.parseInt(counts.group(2)),
                        Integer.parseInt(counts.group(3))});
                verdicts.add(null);
                awaitingVerdict = true;
            }
            return;
        }
        if (awaitingVerdict) {
            Matcher verdict = VERDICT.matcher(clean);
            if (verdict.find()) {
                verdicts.set(verdicts.size() - 1, "OK".equals(verdict.group(1)));
                awaitingVerdict = false;
                return;
            }
        }
        if (options.bootBanner() != null && options.bootBanner().matcher(clean).find()) {
            bannersSeen++;
            if (started) {
                fatal = new UnityProblem(UnityProblem.Kind.REBOOT, "boot banner '" + clean.strip()
                        + "' seen again after " + testLines(cases.size())
                        + ": the board rebooted during the tests");
            }
            return;
        }
        for (String death : options.deathStrings()) {
            if (clean.contains(death)) {
                fatal = new UnityProblem(UnityProblem.Kind.DEATH_STRING,
                        "death string '" + death + "' seen: '" + clean.strip() + "'");
                return;
            }
        }
    }

    /** Handles fixture, fixture-continuation and plain result lines; true when the line was one. */
    private boolean parseResult(String raw, String clean) {
        Matcher fixture = FIXTURE.matcher(clean);
        if (fixture.find()) {
            resolvePending();
            String group = fixture.group(1);
            String name = fixture.group(2);
            String rest = LEADING_DOTS.matcher(fixture.group(3)).replaceFirst("");
            UnityCase verdict = fixtureVerdict(group, name, rest, raw);
            if (verdict != null) {
                addCase(verdict);
            } else {
                pending = new Pending(group, name, raw, rest.isBlank());
            }
            return true;
        }
        if (pending != null) {
            String rest = LEADING_DOTS.matcher(clean.strip()).replaceFirst("");
            UnityCase verdict = fixtureVerdict(pending.group(), pending.name(), rest, raw);
            if (verdict != null) {
                pending = null;
                addCase(verdict);
                return true;
            }
        }
        Matcher plain = PLAIN.matcher(clean);
        if (plain.find()) {
            String word = plain.group(4);
            String tail = plain.group(5);
            String message;
            if ("PASS".equals(word)) {
                if (!tail.isBlank() && !EXEC_TIME.matcher(tail).matches()) {
                    return false;
                }
                message = null;
            } else {
                if (!tail.isEmpty() && tail.charAt(0) != ':') {
                    return false;
                }
                message = tail.isEmpty() ? null : blankToNull(tail.substring(1));
            }
            resolvePending();
            addCase(new UnityCase(null, plain.group(3), outcome(word), plain.group(1),
                    Integer.parseInt(plain.group(2)), message, raw));
            return true;
        }
        return false;
    }

    /** The case for a fixture test given the text after its name, or null when that text holds no verdict. */
    private static UnityCase fixtureVerdict(String group, String name, String rest, String raw) {
        Matcher m = FIXTURE_VERDICT.matcher(rest);
        if (m.find()) {
            String tail = m.group(4);
            if (tail.isEmpty() || tail.charAt(0) == ':') {
                String message = tail.isEmpty() ? null : blankToNull(tail.substring(1));
                return new UnityCase(group, name, outcome(m.group(3)), m.group(1),
                        Integer.parseInt(m.group(2)), message, raw);
            }
        }
        if (PASS_WORD.matcher(rest).find()) {
            return new UnityCase(group, name, Outcome.PASSED, null, 0, null, raw);
        }
        return null;
    }

    /** A pending bare {@code TEST(G, N)} line is IGNORE_TEST; a pending line with other text had no verdict. */
    private void resolvePending() {
        if (pending == null) {
            return;
        }
        Pending p = pending;
        pending = null;
        if (p.bare()) {
            addCase(new UnityCase(p.group(), p.name(), Outcome.SKIPPED, null, 0, null, p.rawLine()));
        }
    }

    private void addCase(UnityCase c) {
        awaitingVerdict = false;
        if (!started) {
            resultLinesBeforeStart++;
            return;
        }
        cases.add(c);
        lastResultLine = clean(c.rawLine()).strip();
    }

    /** True once the start marker was seen. */
    public synchronized boolean started() {
        return started;
    }

    /** True once the end marker was seen: the run is over and later lines are ignored. */
    public synchronized boolean finished() {
        return finished;
    }

    /** Present once a death string or a reboot was seen; the caller should stop reading. */
    public synchronized Optional<UnityProblem> fatal() {
        return Optional.ofNullable(fatal);
    }

    /** The run as it stands now; problems are computed at call time. */
    public synchronized UnityRun result() {
        UnitySummary summary = summary();
        List<UnityProblem> problems = new ArrayList<>();
        if (fatal != null) {
            problems.add(fatal);
        }
        if (!started) {
            problems.add(new UnityProblem(UnityProblem.Kind.MISSING_START, missingStartMessage()));
            if (!finished) {
                problems.add(new UnityProblem(UnityProblem.Kind.MISSING_END, "end marker '" + END_MARKER
                        + "' not seen either: no test run was found in the output"));
            }
            return new UnityRun(cases, summary, problems, linesSeen);
        }
        if (!finished) {
            problems.add(new UnityProblem(UnityProblem.Kind.MISSING_END, missingEndMessage()));
        }
        if (summary == null) {
            problems.add(new UnityProblem(UnityProblem.Kind.MISSING_SUMMARY, finished
                    ? "the end marker came without a 'N Tests N Failures N Ignored' summary line before it ("
                    + testLines(cases.size()) + " seen): the port's UNITY_END() output was lost or interleaved"
                    : "no 'N Tests N Failures N Ignored' summary line was seen (" + testLines(cases.size())
                    + " before the output stopped)"));
        } else {
            long passed = count(Outcome.PASSED);
            long failed = count(Outcome.FAILED);
            long ignored = count(Outcome.SKIPPED);
            if (summary.tests() != cases.size() || summary.failures() != failed || summary.ignored() != ignored) {
                problems.add(new UnityProblem(UnityProblem.Kind.COUNT_MISMATCH, "summary says "
                        + summary.countsLine() + " but " + lines(cases.size()) + " (" + passed + " passed, "
                        + failed + " failed, " + ignored + " ignored)"
                        + ": some result lines were lost, garbled or interleaved with other output"));
            }
        }
        if (cases.isEmpty()) {
            problems.add(new UnityProblem(UnityProblem.Kind.NO_TESTS,
                    "zero test case was executed: the start marker was seen but no test result line followed"
                            + (summary != null ? " (the summary says " + summary.countsLine() + ")" : "")
                            + "; check that the group is enabled in test_execution_config.h and its tests are"
                            + " compiled in"));
        }
        return new UnityRun(cases, summary, problems, linesSeen);
    }

    private String missingStartMessage() {
        StringBuilder sb = new StringBuilder("no start marker '").append(START_MARKER).append("' was seen in ")
                .append(linesSeen).append(linesSeen == 1 ? " line" : " lines");
        if (resultLinesBeforeStart > 0) {
            sb.append(", but ").append(resultLinesBeforeStart)
                    .append(resultLinesBeforeStart == 1 ? " test result line was" : " test result lines were")
                    .append(" (not counted): the board started printing before the console was read;"
                            + " make it wait for 'start' or raise TEST_START_DELAY_MS");
        } else if (linesSeen == 0) {
            sb.append(": the device printed nothing (wrong port or baud rate, or the board is not running)");
        } else if (bannersSeen > 1) {
            sb.append("; the boot banner was seen ").append(bannersSeen)
                    .append(" times, so the board is probably rebooting before the tests start");
        } else if (bannersSeen == 1) {
            sb.append("; the board booted (banner seen) but never started the tests");
        }
        if (finished) {
            sb.append(" (an end marker was seen)");
        }
        return sb.toString();
    }

    private String missingEndMessage() {
        StringBuilder sb = new StringBuilder("end marker '").append(END_MARKER).append("' not seen: ");
        if (fatal != null) {
            sb.append("reading stopped at the ").append(fatal.kind()).append(" after ").append(testLines(cases.size()));
        } else {
            sb.append("the output stopped after ").append(testLines(cases.size()));
            if (lastResultLine != null) {
                sb.append(" (last: '").append(lastResultLine).append("')");
            }
            if (pending != null) {
                sb.append(" while TEST(").append(pending.group()).append(", ").append(pending.name())
                        .append(") was running");
            }
            sb.append(" and ").append(linesAfterStart).append(linesAfterStart == 1 ? " line" : " lines")
                    .append(" after the start marker: the board hung or the read ended early");
        }
        return sb.toString();
    }

    private UnitySummary summary() {
        if (summaries.isEmpty()) {
            return null;
        }
        int tests = 0;
        int failures = 0;
        int ignored = 0;
        boolean ok = true;
        for (int i = 0; i < summaries.size(); i++) {
            int[] s = summaries.get(i);
            tests += s[0];
            failures += s[1];
            ignored += s[2];
            Boolean verdict = verdicts.get(i);
            ok &= verdict != null ? verdict : s[1] == 0;
        }
        return new UnitySummary(tests, failures, ignored, ok);
    }

    private long count(Outcome outcome) {
        return cases.stream().filter(c -> c.outcome() == outcome).count();
    }

    private static String lines(int n) {
        return n == 1 ? "1 test line was seen" : n + " test lines were seen";
    }

    private static String testLines(int n) {
        return n == 1 ? "1 test line" : n + " test lines";
    }

    private static Outcome outcome(String word) {
        return switch (word) {
            case "PASS" -> Outcome.PASSED;
            case "FAIL" -> Outcome.FAILED;
            default -> Outcome.SKIPPED;
        };
    }

    private static String blankToNull(String s) {
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    private static String stripTerminator(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    /**
     * The line as the parser sees it: ANSI escapes, control characters, U+FFFD and a trailing log suffix removed,
     * tabs kept, trailing whitespace removed.
     */
    static String clean(String raw) {
        String s = ANSI.matcher(raw).replaceAll("");
        s = CONTROL.matcher(s).replaceAll("");
        s = LOG_SUFFIX.matcher(s).replaceFirst("");
        return s.stripTrailing();
    }
}
