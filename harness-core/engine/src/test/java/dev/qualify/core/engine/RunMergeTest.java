package dev.qualify.core.engine;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code report merge}: the union of shards' runs, and every reason to refuse a merge. */
class RunMergeTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<String> SELECTION = List.of("A", "B", "C");
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    /** A run of {@code groups}, each with two tests of {@code outcome}, starting {@code offsetS} seconds after T0. */
    private final class RunDir {
        final List<JournalEvent> events = new ArrayList<>();
        String suiteVersion = "1.0";
        String digest = DIGEST;
        List<String> selection = SELECTION;
        String device = "dev-1";
        Outcome outcome = Outcome.PASSED;
        boolean finished = true;

        Path write(String name, String shard, int offsetS, String... groups) throws Exception {
            Instant at = T0.plusSeconds(offsetS);
            Path run = dir.resolve(name);
            Files.createDirectories(run);
            events.add(new RunStarted(at, name, "s", suiteVersion, "pool", "0.1", "/c/qualify.yaml", 1.0, List.of(groups),
                    List.of(new RunStarted.Device(device, "pool", "tcp", Map.of(), Map.of())), digest, selection, List.of(), shard));
            events.add(new Note(at, "group Z not run: unselected"));
            for (String g : groups) {
                at = at.plusSeconds(1);
                events.add(new GroupStarted(at, device, g, "Group " + g, true));
                for (int t = 1; t <= 2; t++) {
                    String log = "logs/" + device + "/" + g + "/t" + t + ".log";
                    Files.createDirectories(run.resolve(log).getParent());
                    Files.writeString(run.resolve(log), "log of " + g + " t" + t + " in " + name);
                    TestFinished.Case c = new TestFinished.Case(device, g, "t" + t, g + ".T", log);
                    events.add(outcome == Outcome.FAILED && t == 2 ? TestFinished.failed(at, c, "wrong", null, Duration.ofMillis(5))
                            : TestFinished.passed(at, c, Duration.ofMillis(5)));
                }
                events.add(new GroupFinished(at, device, g, 1000));
            }
            if (finished) events.add(new RunFinished(at.plusSeconds(1), outcome == Outcome.FAILED ? 1 : 0, false));
            try (RunJournal j = new RunJournal(run.resolve(RunJournal.FILE_NAME))) {
                events.forEach(j::append);
            }
            return run;
        }
    }

    private final AtomicReference<RunReport> written = new AtomicReference<>();
    private final ReportWriter recorder = new ReportWriter() {
        @Override
        public String fileName() {
            return "recorded";
        }

        @Override
        public void write(RunReport report, Path runDir) {
            written.set(report);
        }
    };

    @Test
    void threeShardsMergeIntoOneRunWithEveryGroupTestLogAndNoteOnce() throws Exception {
        Path s1 = new RunDir().write("s1", "1/3", 0, "A");
        Path s2 = new RunDir().write("s2", "2/3", 5, "B");
        RunDir third = new RunDir();
        third.device = "dev-2";
        Path s3 = third.write("s3", "3/3", 2, "C");
        Path out = dir.resolve("merged");

        RunResult r = RunMerge.merge(out, List.of(s2, s3, s1), List.of(recorder));

        assertThat(r.exitCode()).isZero();
        RunReport report = written.get();
        assertThat(report).isEqualTo(r.report());
        assertThat(report.runId()).isEqualTo("merged");
        assertThat(report.interrupted()).isFalse();
        assertThat(report.groups()).extracting(GroupResult::groupId).as("in time order").containsExactly("A", "C", "B");
        assertThat(report.groups()).extracting(GroupResult::deviceId).containsExactly("dev-1", "dev-2", "dev-1");
        assertThat(report.testCount()).isEqualTo(6);
        assertThat(report.count(Outcome.PASSED)).isEqualTo(6);
        assertThat(report.devices()).extracting(d -> d.id()).containsExactly("dev-1", "dev-2");
        assertThat(report.notes()).containsExactly("group Z not run: unselected");
        assertThat(report.startedAt()).isEqualTo(T0);
        for (GroupResult g : report.groups()) {
            for (TestResult t : g.tests()) assertThat(out.resolve(t.logPath())).exists();
        }
        assertThat(Files.readString(out.resolve("logs/dev-1/B/t1.log"), StandardCharsets.UTF_8)).isEqualTo("log of B t1 in s2");
        RunStarted start = (RunStarted) RunJournal.read(out.resolve(RunJournal.FILE_NAME)).get(0);
        assertThat(start.shard()).isNull();
        assertThat(start.groups()).isEqualTo(SELECTION);
        assertThat(start.configDigest()).isEqualTo(DIGEST);
        assertThat(ReportBuilder.read(out.resolve(RunJournal.FILE_NAME))).as("the merged journal gives the report").isEqualTo(report);
    }

    @Test
    void theMergedExitCodeIsWhatTheUnionGives() throws Exception {
        RunDir failing = new RunDir();
        failing.outcome = Outcome.FAILED;
        RunResult r = RunMerge.merge(dir.resolve("m1"), List.of(new RunDir().write("a", "1/2", 0, "A", "B"),
                failing.write("b", "2/2", 0, "C")), List.of());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.report().count(Outcome.FAILED)).isEqualTo(1);

        RunDir died = new RunDir();
        died.finished = false;
        RunResult r2 = RunMerge.merge(dir.resolve("m2"), List.of(new RunDir().write("c", "1/2", 0, "A", "B"),
                died.write("d", "2/2", 0, "C")), List.of());
        assertThat(r2.exitCode()).isEqualTo(130);
        assertThat(r2.report().interrupted()).isTrue();
        assertThat(r2.report().notes()).anyMatch(n -> n.startsWith("the run d (shard 2/2) did not finish"));
    }

    @Test
    void runsOfDifferentSuiteVersionsAreRefused() throws Exception {
        RunDir other = new RunDir();
        other.suiteVersion = "2.0";
        assertRefused(List.of(new RunDir().write("a", "1/2", 0, "A", "B"), other.write("b", "2/2", 0, "C")),
                "the runs are of different suites: " + dir.resolve("a") + " ran s 1.0, " + dir.resolve("b") + " ran s 2.0");
    }

    @Test
    void runsOfDifferentConfigsAreRefused() throws Exception {
        RunDir other = new RunDir();
        other.digest = "sha256:" + "cd".repeat(32);
        assertRefused(List.of(new RunDir().write("a", "1/2", 0, "A", "B"), other.write("b", "2/2", 0, "C")),
                "the runs used different configs: " + dir.resolve("a") + " has config digest abababababab");
    }

    @Test
    void runsOfDifferentSelectionsAreRefused() throws Exception {
        RunDir other = new RunDir();
        other.selection = List.of("A", "B", "C", "D");
        assertRefused(List.of(new RunDir().write("a", "1/2", 0, "A", "B"), other.write("b", "2/2", 0, "C")),
                "the runs made different selections");
    }

    @Test
    void overlappingShardsAreRefusedNamingTheGroupFoundTwice() throws Exception {
        Path a = new RunDir().write("a", "1/2", 0, "A", "B");
        Path b = new RunDir().write("b", "1/2", 0, "A", "B");
        Path c = new RunDir().write("c", "2/2", 0, "C");
        assertRefused(List.of(a, c, b), "group A is in two of the runs: " + a + " (shard 1/2) and " + b + " (shard 1/2)");
        assertRefused(List.of(a, a, c), "group A is in two of the runs");
    }

    @Test
    void aMissingShardIsRefusedNamingItsGroups() throws Exception {
        Path a = new RunDir().write("a", "1/3", 0, "A");
        Path c = new RunDir().write("c", "3/3", 0, "C");
        assertRefused(List.of(a, c), "no run holds group B of the selection (missing: shard 2/3)");
    }

    @Test
    void aDirectoryThatIsNoRunAndAnOutputThatIsNotNewAreRefused() throws Exception {
        Path a = new RunDir().write("a", null, 0, "A", "B", "C");
        Files.createDirectories(dir.resolve("empty"));
        assertRefused(List.of(a, dir.resolve("empty")), dir.resolve("empty") + " is not a run directory: it has no journal.jsonl");
        Files.createDirectories(dir.resolve("headless"));
        Files.writeString(dir.resolve("headless").resolve(RunJournal.FILE_NAME), "{\"event\":\"note\",\"at\":\"2026-12-01T10:00:00Z\",\"text\":\"x\"}\n");
        assertRefused(List.of(dir.resolve("headless")), "does not begin with a run-started event");
        Path out = dir.resolve("busy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("x"), "x");
        assertThatThrownBy(() -> RunMerge.merge(out, List.of(a), List.of())).isInstanceOf(RunMerge.Refused.class)
                .hasMessage(out + " exists and is not empty: choose a new directory");
        assertThatThrownBy(() -> RunMerge.merge(a.resolve("inside"), List.of(a), List.of())).isInstanceOf(RunMerge.Refused.class)
                .hasMessageContaining("cannot be in or around the run");
        assertThat(RunMerge.merge(dir.resolve("one"), List.of(a), List.of()).report().testCount()).as("one whole run merges alone").isEqualTo(6);
    }

    private void assertRefused(List<Path> runs, String message) {
        Path out = dir.resolve("out-" + System.nanoTime());
        assertThatThrownBy(() -> RunMerge.merge(out, runs, List.of(recorder))).isInstanceOf(RunMerge.Refused.class)
                .hasMessageContaining(message);
        assertThat(out).as("nothing written").doesNotExist();
        assertThat(written.get()).isNull();
    }
}
