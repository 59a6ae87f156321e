package dev.qualify.api.unity;

import dev.qualify.api.report.Outcome;
import org.apiguardian.api.API;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Reads Unity test output from a device console, one line at a time, and turns it into test cases, per-suite
 * summaries and a list of problems.
 *
 * <h2>What it understands</h2>
 * <ul>
 *   <li>The markers a port may print around a run from {@code UNITY_OUTPUT_START()} and
 *       {@code UNITY_OUTPUT_COMPLETE()} (STM32 and other FLIT ports, the FRQ 1.x runner), matched as substrings so
 *       log prefixes do not matter: {@value #START_MARKER} and {@value #END_MARKER}. They are optional: FLIT itself
 *       prints none.</li>
 *   <li>Unity Fixture verbose lines ({@code UnityFixture.Verbose = 1}, as every FLIT {@code Run*Test()} sets it):
 *       {@code TEST(Group, Name) PASS}, {@code TEST(G, N)path/file.c:42::FAIL: msg}, {@code TEST(G, N)file.c:42::IGNORE}
 *       and {@code ...::IGNORE: msg}, and the {@code UNITY_REPEAT_TEST_NAME} form
 *       {@code TEST(G, N)file.c:42:TEST(G, N):FAIL: msg}. Progress dots a test prints between the name and its
 *       verdict and an execution time ({@code PASS (12 ms)}) are tolerated. Unity prints {@code TEST(G, N)} when the
 *       case starts and the verdict when it ends, so whatever the case prints in between ({@code ...::INFO: msg}
 *       lines from {@code TEST_MESSAGE}, the port's log lines) splits the verdict onto a later line: a later
 *       {@code " PASS"} or {@code file.c:42::FAIL: ...} is attached to the pending case. A bare {@code TEST(G, N)}
 *       line followed by another test, the summary or the end marker is Unity's verbose output for
 *       {@code IGNORE_TEST} and becomes SKIPPED.</li>
 *   <li>Unity Fixture quiet lines (the default without {@code -v}): a {@code .} per test started (many on one
 *       line, possibly around other output, {@code !} for {@code IGNORE_TEST}), and for a failure or
 *       {@code TEST_IGNORE} one line {@code file.c:42:TEST(Group, Name):FAIL: msg} or {@code ...:IGNORE[: msg]},
 *       possibly right after the dots. Failures and ignores become cases with their group and name; passes are only
 *       counted by the summary, never given invented names ({@link UnityRun#unnamedPasses()}), and a suite in this
 *       format is not called inconsistent for them. Dots right before the path are progress dots, so a relative
 *       path that itself starts with {@code ./} or {@code ../} loses those dots there.</li>
 *   <li>Plain Unity lines: {@code file.c:123:test_name:PASS}, {@code ...:FAIL: msg}, {@code ...:IGNORE[: msg]}
 *       (group {@code null}). {@code ...:INFO: msg} lines are Unity lines but no results.</li>
 *   <li>The summary {@code N Tests N Failures N Ignored}, then {@code OK}, {@code FAIL} or {@code FAILED}.</li>
 * </ul>
 * File names are whatever the build passed to the compiler: relative, absolute ({@code /home/builder/x.c}) or a
 * Windows path ({@code C:\work\x.c}, {@code C:/work/x.c}, with spaces after the drive letter).
 *
 * <p>Every line is first cleaned: the line terminator and stray carriage returns, ANSI escape sequences (complete or
 * broken, as {@code UNITY_OUTPUT_COLOR} builds print them), other control characters, U+FFFD replacement characters
 * (undecodable bytes) and a trailing log suffix such as {@code  (qualification_app_main.c:101)} are removed. Log
 * prefixes such as {@code <INF>    87259 [QualTest  ] } are tolerated because every pattern is searched within the
 * line rather than anchored at its start. Lines that match nothing are ignored.
 *
 * <h2>Suites, and when a run ends</h2>
 * A <em>suite</em> is one {@code UNITY_BEGIN()}/{@code UNITY_END()} pair (one FLIT {@code Run*Test()}); it ends
 * with its summary and {@code OK}/{@code FAIL}. An image may run several; {@link UnityParserOptions#expectedSuites()}
 * (default 1) says how many make the run. Because Unity calls {@code UNITY_OUTPUT_START()} in {@code UNITY_BEGIN()}
 * and {@code UNITY_OUTPUT_COMPLETE()} in {@code UNITY_END()}, a port that prints markers prints a pair per suite;
 * others print one pair around everything.
 * <ul>
 *   <li><b>With markers.</b> Results count from the start marker on. The run is {@link #finished()} at an end
 *       marker once {@code expectedSuites} suites (summaries) or {@code expectedSuites} start/end pairs have been
 *       seen; until then a start marker after an end marker starts the next suite. A start marker again before the
 *       end marker is a reboot (fatal).</li>
 *   <li><b>Without markers.</b> What came before counts: each summary followed by its {@code OK}/{@code FAIL} line
 *       closes a suite, and the run is finished when {@code expectedSuites} suites are closed. No marker is then
 *       reported missing. The cases of a suite without markers are <em>settled</em> (appear in {@link #cases()}) when
 *       its summary closes it, because a start marker arriving first shows they were leftovers of an earlier run:
 *       they are then dropped, as are results seen before the first boot banner when that banner comes. A second
 *       boot banner after results is a reboot (fatal).</li>
 *   <li>An end marker without a start marker means the port prints markers and the start was missed: the results
 *       seen since the last end marker are not counted, the run is finished and MISSING_START is reported (also when
 *       that end marker comes right after a run without markers had already finished).</li>
 *   <li>Once finished, later lines are counted in {@link UnityRun#linesSeen()} and otherwise ignored. A caller that
 *       does not know how many suites an image runs keeps the default and reads one, or raises
 *       {@code expectedSuites} and relies on its own deadline; {@link UnityRun#suites()} gives each suite's counts
 *       either way.</li>
 *   <li>A death string ({@link UnityParserOptions#deathStrings()}) on any line that is not itself a Unity line, or a
 *       reboot as above, make {@link #fatal()} present; the caller should stop reading. Later lines are counted but
 *       not parsed.</li>
 *   <li>A Unity {@code IGNORE} is SKIPPED, never FAILED.</li>
 * </ul>
 * Problems other than the fatal one are computed when {@link #result()} is called, so {@code result()} may be
 * called at any time (for instance on a read timeout) and says what is missing at that moment. Each line costs
 * constant time (for bounded line length), {@link #cases()} and {@link #caseCount()} are O(1), and {@code result()}
 * is O(number of suites): none of them copies the case list.
 *
 * <p>Instances are thread-safe (all methods synchronise on the parser), so one thread may feed lines while another
 * polls {@link #finished()}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
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
    /**
     * A log suffix naming the logging call site, e.g. {@code  (qualification_app_main.c:101)}. It is searched from
     * the first blank of a run only ({@code (?<!\s)}) and takes the run whole ({@code \s++}): searched from every
     * blank, a line of n blanks cost O(n²) (16,384 blanks took 2 s, found by fuzzing).
     */
    private static final Pattern LOG_SUFFIX = Pattern.compile(
            "(?<!\\s)\\s++\\([\\w.\\-/\\\\]+\\.(?:c|h|cc|cpp|cxx|hpp):\\d+\\)\\s*$");

    /** A source path: a Windows drive path (may hold spaces) or any run of non-blanks. */
    private static final String PATH = "((?:[A-Za-z]:[\\\\/][^:]*?)|\\S+?)";
    private static final String NAME = "[A-Za-z_]\\w*";
    private static final Pattern FIXTURE = Pattern.compile(
            "TEST\\(\\s*(" + NAME + ")\\s*,\\s*(" + NAME + ")\\s*\\)");
    /** What precedes {@code TEST(G, N)} on a quiet-format line: progress marks, then {@code path:line:}. */
    private static final Pattern QUIET_HEAD = Pattern.compile("(?:^|\\s)[.!]*" + PATH + ":(\\d{1,9}):$");
    /** What follows {@code TEST(G, N)} on a quiet-format line. */
    private static final Pattern QUIET_TAIL = Pattern.compile("^:(FAIL|IGNORE|INFO)(.*)$");
    /** Progress dots printed by a running test, unless they start a relative path such as {@code ./src}. */
    private static final Pattern LEADING_DOTS = Pattern.compile("^\\.+(?![/\\\\])");
    private static final Pattern FIXTURE_VERDICT = Pattern.compile(
            "(?<![^\\s])" + PATH + ":(\\d{1,9}):(?:TEST\\([^)]*\\))?:(FAIL|IGNORE)(.*)$");
    private static final Pattern PASS_WORD = Pattern.compile(
            "(?:^|\\s)PASS(?:\\s+\\(\\d+\\s*ms\\))?\\s*$");
    private static final Pattern PLAIN = Pattern.compile(
            "(?<![^\\s])" + PATH + ":(\\d{1,9}):(" + NAME + "):(PASS|FAIL|IGNORE)(.*)$");
    private static final Pattern INFO = Pattern.compile(
            "(?<![^\\s])" + PATH + ":(\\d{1,9}):(?:" + NAME + ")?:INFO(?::.*)?$");
    private static final Pattern EXEC_TIME = Pattern.compile("^\\s*\\(\\d+\\s*ms\\)\\s*$");
    private static final Pattern COUNTS = Pattern.compile(
            "(?<!\\d)(\\d{1,9}) Tests (\\d{1,9}) Failures (\\d{1,9}) Ignored");
    private static final Pattern VERDICT = Pattern.compile("(?:^|\\s)(OK|FAILED|FAIL)\\s*$");
    /** Quiet-mode progress marks: a run of dots/bangs at the start of the line or after a blank at its end. */
    private static final Pattern PROGRESS = Pattern.compile("^[.!]+(?![/\\\\.])|\\s[.!]+$");

    private final UnityParserOptions options;

    private final CaseLog log = new CaseLog();
    /** {@code log[0, settled)} are settled; the rest are cases of an open suite without markers. */
    private int settled;
    private final List<Suite> suites = new ArrayList<>();
    private OpenSuite open = new OpenSuite(0);
    private int linesSeen;
    private int linesAfterStart;
    private int notCounted;
    private int bannersSeen;
    private int bracketsClosed;
    private int casesOutsideSummaries;
    private boolean started;
    private boolean inBracket;
    private boolean finished;
    private boolean finishedWithoutMarkers;
    private boolean startMissed;
    private boolean resultsSinceBanner;
    /** Where the stretch since the last end marker began (cases, suites): what a stray end marker discounts. */
    private int segmentCases;
    private int segmentSuites;
    private Pending pending;
    private String lastResultLine;
    private UnityProblem fatal;

    /** A fixture test whose name was printed but whose verdict has not been seen yet. */
    private record Pending(String group, String name, String rawLine, boolean bare) {
    }

    /** A closed suite: its summary and what its lines said. */
    private record Suite(UnitySummary summary, int cases, int passed, int failed, int skipped, boolean quiet) {
    }

    /** The suite being read. */
    private static final class OpenSuite {
        final int firstCase;
        int passed;
        int failed;
        int skipped;
        boolean quietMarks;
        boolean namedLines;
        int[] counts;

        OpenSuite(int firstCase) {
            this.firstCase = firstCase;
        }

        boolean quiet() {
            return quietMarks && !namedLines;
        }
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
        if (fatal != null) {
            return;
        }
        if (finished) {
            if (finishedWithoutMarkers && !startMissed && clean(stripTerminator(line)).contains(END_MARKER)) {
                missedStart();
            }
            return;
        }
        if (inBracket) {
            linesAfterStart++;
        }
        String raw = stripTerminator(line);
        String clean = clean(raw);

        if (clean.contains(END_MARKER)) {
            onEnd();
            return;
        }
        if (clean.contains(START_MARKER)) {
            onStart();
            return;
        }
        if (parseResult(raw, clean)) {
            return;
        }
        Matcher counts = COUNTS.matcher(clean);
        if (counts.find()) {
            onSummary(new int[] {Integer.parseInt(counts.group(1)), Integer.parseInt(counts.group(2)),
                    Integer.parseInt(counts.group(3))});
            return;
        }
        if (open.counts != null) {
            Matcher verdict = VERDICT.matcher(clean);
            if (verdict.find()) {
                closeSuite("OK".equals(verdict.group(1)));
                return;
            }
        }
        if (options.bootBanner() != null && options.bootBanner().matcher(clean).find()) {
            onBanner(clean);
            return;
        }
        for (String death : options.deathStrings()) {
            if (clean.contains(death)) {
                fatal = new UnityProblem(UnityProblem.Kind.DEATH_STRING,
                        "death string '" + death + "' seen: '" + clean.strip() + "'");
                return;
            }
        }
        if (pending == null && PROGRESS.matcher(clean).find()) {
            open.quietMarks = true;
        }
    }

    private void onStart() {
        if (inBracket) {
            fatal = new UnityProblem(UnityProblem.Kind.REBOOT, "start marker '" + START_MARKER
                    + "' seen again after " + testLines(log.size())
                    + " without an end marker: the board restarted its tests (it probably rebooted)");
            return;
        }
        if (open.counts != null) {
            closeSuite(open.counts[1] == 0);
            if (finished) {
                return;
            }
        }
        dropUnsettled();
        started = true;
        inBracket = true;
        resultsSinceBanner = true;
    }

    private void onEnd() {
        resolvePending();
        if (!inBracket) {
            if (open.counts != null) {
                closeSuite(open.counts[1] == 0);
            }
            missedStart();
            finished = true;
            return;
        }
        if (open.counts != null) {
            closeSuite(open.counts[1] == 0);
        }
        casesOutsideSummaries += log.size() - open.firstCase;
        open = new OpenSuite(log.size());
        inBracket = false;
        bracketsClosed++;
        segmentCases = log.size();
        segmentSuites = suites.size();
        if (Math.max(bracketsClosed, suites.size()) >= options.expectedSuites()) {
            finished = true;
        }
    }

    /** An end marker without its start marker: what came since the last end marker does not count. */
    private void missedStart() {
        startMissed = true;
        notCounted += log.size() - segmentCases;
    }

    private void onSummary(int[] counts) {
        resolvePending();
        if (open.counts != null) {
            closeSuite(open.counts[1] == 0);
            if (finished) {
                return;
            }
        }
        open.counts = counts;
        resultsSinceBanner = true;
    }

    private void onBanner(String clean) {
        bannersSeen++;
        if (inBracket) {
            fatal = new UnityProblem(UnityProblem.Kind.REBOOT, "boot banner '" + clean.strip()
                    + "' seen again after " + testLines(log.size()) + ": the board rebooted during the tests");
            return;
        }
        if (bannersSeen > 1 && resultsSinceBanner) {
            fatal = new UnityProblem(UnityProblem.Kind.REBOOT, "boot banner '" + clean.strip()
                    + "' seen again after " + testLines(log.size())
                    + " without start/end markers: the board rebooted during the tests");
            return;
        }
        dropUnsettled();
        resultsSinceBanner = false;
    }

    /** Cases of an open suite without markers were an earlier run's leftovers: they are not counted. */
    private void dropUnsettled() {
        if (pending != null && pending.bare()) {
            notCounted++;
        }
        pending = null;
        notCounted += log.size() - settled;
        log.truncate(settled);
        open = new OpenSuite(settled);
    }

    private void closeSuite(boolean ok) {
        int[] c = open.counts;
        suites.add(new Suite(new UnitySummary(c[0], c[1], c[2], ok), log.size() - open.firstCase,
                open.passed, open.failed, open.skipped, open.quiet()));
        settled = log.size();
        open = new OpenSuite(log.size());
        if (!inBracket && Math.max(bracketsClosed, suites.size()) >= options.expectedSuites()) {
            finished = true;
            finishedWithoutMarkers = true;
        }
    }

    /** Handles fixture, fixture-continuation, quiet, plain and info lines; true when the line was one. */
    private boolean parseResult(String raw, String clean) {
        Matcher fixture = FIXTURE.matcher(clean);
        if (fixture.find()) {
            String group = fixture.group(1);
            String name = fixture.group(2);
            Matcher head = QUIET_HEAD.matcher(clean.substring(0, fixture.start()));
            if (head.find()) {
                return quietLine(group, name, head, clean.substring(fixture.end()), raw);
            }
            resolvePending();
            open.namedLines = true;
            String rest = LEADING_DOTS.matcher(clean.substring(fixture.end())).replaceFirst("");
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
            open.namedLines = true;
            addCase(new UnityCase(null, plain.group(3), outcome(word), plain.group(1),
                    Integer.parseInt(plain.group(2)), message, raw));
            return true;
        }
        return INFO.matcher(clean).find();
    }

    /** {@code [dots]file:line:TEST(G, N):FAIL|IGNORE|INFO...}; also the verbose REPEAT_TEST_NAME verdict line. */
    private boolean quietLine(String group, String name, Matcher head, String after, String raw) {
        Matcher tail = QUIET_TAIL.matcher(after);
        if (!tail.matches()) {
            return false;
        }
        String word = tail.group(1);
        String rest = tail.group(2);
        if (!rest.isEmpty() && rest.charAt(0) != ':') {
            return false;
        }
        boolean ofPending = pending != null && pending.group().equals(group) && pending.name().equals(name);
        if ("INFO".equals(word)) {
            if (!ofPending) {
                open.quietMarks = true;
            }
            return true;
        }
        if (ofPending) {
            pending = null;
        } else {
            resolvePending();
            open.quietMarks = true;
        }
        String message = rest.isEmpty() ? null : blankToNull(rest.substring(1));
        addCase(new UnityCase(group, name, outcome(word), head.group(1), Integer.parseInt(head.group(2)),
                message, raw));
        return true;
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
        if (open.counts != null) {
            closeSuite(open.counts[1] == 0);
            if (finished) {
                return;
            }
        }
        log.add(c);
        switch (c.outcome()) {
            case PASSED -> open.passed++;
            case FAILED -> open.failed++;
            default -> open.skipped++;
        }
        if (inBracket) {
            settled = log.size();
        }
        resultsSinceBanner = true;
        lastResultLine = clean(c.rawLine()).strip();
    }

    /** True once a start marker was seen. */
    public synchronized boolean started() {
        return started;
    }

    /**
     * True once the run is over (see the class comment: the end marker, or without markers the summary and
     * {@code OK}/{@code FAIL} of the last expected suite); later lines are ignored.
     */
    public synchronized boolean finished() {
        return finished;
    }

    /** Present once a death string or a reboot was seen; the caller should stop reading. */
    public synchronized Optional<UnityProblem> fatal() {
        return Optional.ofNullable(fatal);
    }

    /** The number of settled cases, {@code cases().size()}. O(1). */
    public synchronized int caseCount() {
        return settled;
    }

    /**
     * The settled cases so far, in order, as an immutable list that does not change afterwards. O(1): nothing is
     * copied. It only grows from call to call, so a caller that streams results can keep the index it reached.
     * Cases of a suite without markers appear when its summary closes it; {@link #result()} also shows those not yet
     * settled.
     */
    public synchronized List<UnityCase> cases() {
        return log.snapshot(settled);
    }

    /** The run as it stands now; problems are computed at call time. O(number of suites). */
    public synchronized UnityRun result() {
        int caseLimit = startMissed ? segmentCases : log.size();
        int suiteLimit = startMissed ? segmentSuites : suites.size();
        List<UnityCase> cases = log.snapshot(caseLimit);
        List<Suite> reported = new ArrayList<>(suites.subList(0, suiteLimit));
        if (!startMissed && open.counts != null) {
            int[] c = open.counts;
            reported.add(new Suite(new UnitySummary(c[0], c[1], c[2], c[1] == 0), log.size() - open.firstCase,
                    open.passed, open.failed, open.skipped, open.quiet()));
        }
        List<UnitySummary> summaries = new ArrayList<>(reported.size());
        int tests = 0;
        int failures = 0;
        int ignored = 0;
        boolean ok = true;
        int unnamed = 0;
        boolean quietTests = false;
        for (Suite s : reported) {
            summaries.add(s.summary());
            tests += s.summary().tests();
            failures += s.summary().failures();
            ignored += s.summary().ignored();
            ok &= s.summary().ok();
            if (s.quiet()) {
                unnamed += Math.max(0, s.summary().tests() - s.summary().failures() - s.summary().ignored() - s.passed());
                quietTests |= s.summary().tests() > 0;
            }
        }
        UnitySummary summary = reported.isEmpty() ? null : new UnitySummary(tests, failures, ignored, ok);

        List<UnityProblem> problems = new ArrayList<>();
        if (fatal != null) {
            problems.add(fatal);
        }
        boolean nothing = !started && log.size() == 0 && suites.isEmpty() && open.counts == null && pending == null;
        if (startMissed || nothing) {
            problems.add(new UnityProblem(UnityProblem.Kind.MISSING_START, missingStartMessage()));
            if (!finished) {
                problems.add(new UnityProblem(UnityProblem.Kind.MISSING_END, "end marker '" + END_MARKER
                        + "' not seen either, nor a Unity summary: no test run was found in the output"));
            }
            return new UnityRun(cases, summary, summaries, problems, linesSeen, unnamed);
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
            for (int i = 0; i < reported.size(); i++) {
                String mismatch = mismatch(reported.get(i));
                if (mismatch != null) {
                    problems.add(new UnityProblem(UnityProblem.Kind.COUNT_MISMATCH, (reported.size() > 1
                            ? "suite " + (i + 1) + " of " + reported.size() + ": " : "") + mismatch));
                }
            }
            if (casesOutsideSummaries > 0) {
                problems.add(new UnityProblem(UnityProblem.Kind.COUNT_MISMATCH, testLines(casesOutsideSummaries)
                        + " came after the last summary before an end marker, so no summary counts them: the port's"
                        + " UNITY_END() output was lost or the lines are out of order"));
            }
        }
        if (cases.isEmpty() && !quietTests) {
            problems.add(new UnityProblem(UnityProblem.Kind.NO_TESTS, "zero test case was executed: "
                    + (started ? "the start marker was seen but no test result line followed"
                    : "no test result line came before the Unity summary")
                    + (summary != null ? " (the summary says " + summary.countsLine() + ")" : "")
                    + "; check that the group is enabled in test_execution_config.h and its tests are"
                    + " compiled in"));
        }
        return new UnityRun(cases, summary, summaries, problems, linesSeen, unnamed);
    }

    /** Why a suite's summary disagrees with its lines, or null when it does not. */
    private static String mismatch(Suite s) {
        UnitySummary sum = s.summary();
        String seen = lines(s.cases()) + " (" + s.passed() + " passed, " + s.failed() + " failed, " + s.skipped()
                + " ignored)";
        if (s.quiet()) {
            if (s.failed() == sum.failures() && s.skipped() <= sum.ignored() && s.cases() <= sum.tests()) {
                return null;
            }
            return "summary says " + sum.countsLine() + " but " + seen + " in Unity Fixture's quiet format, where"
                    + " every failure prints its own line: some result lines were lost, garbled or interleaved";
        }
        if (sum.tests() == s.cases() && sum.failures() == s.failed() && sum.ignored() == s.skipped()) {
            return null;
        }
        return "summary says " + sum.countsLine() + " but " + seen
                + ": some result lines were lost, garbled or interleaved with other output";
    }

    private String missingStartMessage() {
        StringBuilder sb = new StringBuilder("no start marker '").append(START_MARKER).append("' was seen in ")
                .append(linesSeen).append(linesSeen == 1 ? " line" : " lines");
        if (startMissed) {
            sb.append(" before an end marker");
        }
        if (notCounted > 0) {
            sb.append(", but ").append(notCounted)
                    .append(notCounted == 1 ? " test result line was" : " test result lines were")
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
        if (finished && !startMissed) {
            sb.append(" (an end marker was seen)");
        }
        return sb.toString();
    }

    private String missingEndMessage() {
        StringBuilder sb = new StringBuilder();
        if (inBracket || fatal != null && started) {
            sb.append("end marker '").append(END_MARKER).append("' not seen: ");
        } else if (suites.size() + bracketsClosed > 0 && pending == null && log.size() == open.firstCase
                && open.counts == null) {
            sb.append("only ").append(Math.max(bracketsClosed, suites.size())).append(" of the ")
                    .append(options.expectedSuites()).append(" expected Unity suites finished: ");
        } else {
            sb.append("the run was not closed (without start/end markers a suite ends at its 'N Tests N Failures"
                    + " N Ignored' summary and OK/FAIL line")
                    .append(open.counts != null ? "; the summary came but no OK/FAIL line after it" : "")
                    .append("): ");
        }
        if (fatal != null) {
            sb.append("reading stopped at the ").append(fatal.kind()).append(" after ").append(testLines(log.size()));
        } else {
            sb.append("the output stopped after ").append(testLines(log.size()));
            if (lastResultLine != null) {
                sb.append(" (last: '").append(lastResultLine).append("')");
            }
            if (pending != null) {
                sb.append(" while TEST(").append(pending.group()).append(", ").append(pending.name())
                        .append(") was running");
            }
            if (inBracket) {
                sb.append(" and ").append(linesAfterStart).append(linesAfterStart == 1 ? " line" : " lines")
                        .append(" after the start marker");
            }
            sb.append(": the board hung or the read ended early");
        }
        return sb.toString();
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

    /**
     * Append-only case storage whose prefixes can be handed out without copying: a snapshot keeps the array it was
     * made from, growth allocates a new array, and dropping the tail copies first, so a snapshot never changes.
     */
    private static final class CaseLog {
        private UnityCase[] items = new UnityCase[16];
        private int size;

        void add(UnityCase c) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = c;
        }

        void truncate(int n) {
            if (n < size) {
                UnityCase[] copy = Arrays.copyOf(items, items.length);
                Arrays.fill(copy, n, size, null);
                items = copy;
                size = n;
            }
        }

        int size() {
            return size;
        }

        List<UnityCase> snapshot(int n) {
            return n == 0 ? List.of() : new CaseSnapshot(items, n);
        }
    }

    /** An immutable prefix of a {@link CaseLog}; {@link UnityRun} keeps it without copying. */
    static final class CaseSnapshot extends AbstractList<UnityCase> implements RandomAccess {
        private final UnityCase[] items;
        private final int size;

        CaseSnapshot(UnityCase[] items, int size) {
            this.items = items;
            this.size = size;
        }

        @Override
        public UnityCase get(int index) {
            Objects.checkIndex(index, size);
            return items[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
