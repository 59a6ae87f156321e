package dev.qualify.core.engine;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.journal.DevicePrepared;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunResumed;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run read back for {@code --resume}: what finished, what was cut off, and the report of a resumed journal. */
class RunHistoryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private static RunStarted start() {
        return new RunStarted(T0, "run-1", "s", "1", "pool", "0.1", "/c.yaml", 1.0, List.of("A", "B", "C"), List.of(),
                "sha256:00", List.of("A", "B", "C"), List.of(), null);
    }

    private static List<JournalEvent> group(String g, int at, String outcomeOfT2) {
        Instant t = T0.plusSeconds(at);
        List<JournalEvent> out = new ArrayList<>();
        out.add(new GroupStarted(t, "d", g, g, true));
        out.add(new DevicePrepared(t, "d", g, "flashed", 10));
        out.add(TestFinished.passed(t, new TestFinished.Case("d", g, "t1", g + ".T", "logs/d/" + g + "/t1.log"), Duration.ZERO));
        TestFinished.Case t2 = new TestFinished.Case("d", g, "t2", g + ".T", "logs/d/" + g + "/t2.log");
        out.add("FAILED".equals(outcomeOfT2) ? TestFinished.failed(t, t2, "no", null, Duration.ZERO) : TestFinished.passed(t, t2, Duration.ZERO));
        out.add(new GroupFinished(t, "d", g, 5));
        return out;
    }

    private static List<JournalEvent> uninterrupted() {
        List<JournalEvent> e = new ArrayList<>(List.of(start(), new Note(T0, "group Z not run: unselected")));
        e.addAll(group("A", 1, "PASSED"));
        e.addAll(group("B", 2, "FAILED"));
        e.addAll(group("C", 3, "PASSED"));
        e.add(new RunFinished(T0.plusSeconds(4), 1, false));
        return e;
    }

    /** Killed in the middle of B (its first test done), then resumed: B and C run again. */
    private static List<JournalEvent> killedInBThenResumed() {
        List<JournalEvent> e = new ArrayList<>(List.of(start(), new Note(T0, "group Z not run: unselected")));
        e.addAll(group("A", 1, "PASSED"));
        e.addAll(group("B", 2, "PASSED").subList(0, 3)); // started, prepared, t1 PASSED; then the host died
        e.add(new RunResumed(T0.plusSeconds(100), "run-1", List.of("A"), List.of("B"), List.of("B", "C")));
        e.addAll(group("B", 2, "FAILED"));
        e.addAll(group("C", 3, "PASSED"));
        e.add(new RunFinished(T0.plusSeconds(4), 1, false));
        return e;
    }

    @Test
    void theReportOfAResumedRunHasTheRerunOfTheCutOffGroupOnlyAndEqualsAnUninterruptedOne() {
        RunReport resumed = ReportBuilder.build(killedInBThenResumed());
        RunReport straight = ReportBuilder.build(uninterrupted());
        assertThat(resumed).isEqualTo(straight);
        assertThat(resumed.groups()).extracting(GroupResult::groupId).containsExactly("A", "B", "C");
        assertThat(resumed.groups().get(1).tests()).extracting(TestResult::name).containsExactly("t1", "t2");
        assertThat(resumed.exitCode()).isEqualTo(1);
    }

    @Test
    void aJournalCutOffInAGroupSaysWhatFinishedWhatWasCutAndWhatIsLeft() throws Exception {
        Path run = dir.resolve("run-1");
        Files.createDirectories(run);
        List<JournalEvent> e = new ArrayList<>(List.of(start()));
        e.addAll(group("A", 1, "PASSED"));
        e.addAll(group("B", 2, "PASSED").subList(0, 3));
        write(run, e);
        Files.writeString(run.resolve(RunJournal.FILE_NAME), "{\"event\":\"test-finished\",\"at\":\"2026-12-01T1", StandardOpenOption.APPEND);

        RunHistory h = RunHistory.read(run);
        assertThat(h.finished()).isEmpty();
        assertThat(h.complete()).isFalse();
        assertThat(h.finishedGroups()).containsExactly("A");
        assertThat(h.cutOff()).containsExactly(new RunHistory.GroupOnDevice("d", "B"));
        assertThat(Resumption.toRun(h)).containsExactly("B", "C");

        RunJournal.endTornLine(run.resolve(RunJournal.FILE_NAME));
        try (RunJournal j = new RunJournal(run.resolve(RunJournal.FILE_NAME))) {
            j.append(new RunResumed(T0.plusSeconds(9), "run-1", List.of("A"), List.of("B"), List.of("B", "C")));
        }
        List<JournalEvent> back = RunJournal.read(run.resolve(RunJournal.FILE_NAME));
        assertThat(back).as("the torn line is skipped and the next event reads whole").hasSize(e.size() + 1);
        assertThat(back.get(back.size() - 1)).isInstanceOf(RunResumed.class);
        assertThat(RunHistory.read(run).cutOff()).as("a resume voids the cut-off execution").isEmpty();
    }

    @Test
    void anInterruptedRunIsResumableWithTheGroupItCutShortAndItsWindingDownNotesGoWhenItIsResumed() {
        List<JournalEvent> e = new ArrayList<>(List.of(start(), new Note(T0, "group Z not run: unselected")));
        e.addAll(group("A", 1, "PASSED"));
        // SIGINT during B: its waits end with "interrupted" errors, and the group still finishes in an orderly way
        List<JournalEvent> b = new ArrayList<>(group("B", 2, "PASSED"));
        b.set(3, TestFinished.error(T0.plusSeconds(2), new TestFinished.Case("d", "B", "t2", "B.T", "logs/d/B/t2.log"),
                "interrupted while waiting on tcp-serial", RunHistory.INTERRUPTED, null, Duration.ZERO));
        e.addAll(b);
        e.add(new Note(T0.plusSeconds(2), "group C not run: the run was interrupted (SIGINT)"));
        e.add(new Note(T0.plusSeconds(2), "interrupted by SIGINT; the report shows what finished"));
        e.add(new RunFinished(T0.plusSeconds(2), 130, true));
        RunHistory h = new RunHistory(dir, start(), e);
        assertThat(h.finished()).isPresent();
        assertThat(h.complete()).isFalse();
        assertThat(h.cutOff()).as("the group the interruption cut short").containsExactly(new RunHistory.GroupOnDevice("d", "B"));
        assertThat(h.finishedGroups()).containsExactly("A");
        assertThat(Resumption.toRun(h)).containsExactly("B", "C");
        e.add(new RunResumed(T0.plusSeconds(9), "run-1", List.of("A"), List.of("B"), List.of("B", "C")));
        e.addAll(group("B", 10, "PASSED"));
        e.addAll(group("C", 11, "PASSED"));
        e.add(new RunFinished(T0.plusSeconds(12), 0, false));
        RunReport r = ReportBuilder.build(e);
        assertThat(r.interrupted()).isFalse();
        assertThat(r.exitCode()).isZero();
        assertThat(r.notes()).containsExactly("group Z not run: unselected");
        assertThat(r.testCount()).isEqualTo(6);
        assertThat(r.groups()).extracting(GroupResult::groupId).containsExactly("A", "B", "C");
        assertThat(r.groups().get(1).tests()).extracting(TestResult::outcome).containsOnly(dev.qualify.api.report.Outcome.PASSED);
    }

    @Test
    void aDirectoryWithoutAJournalIsNoRun() {
        assertThatThrownBy(() -> RunHistory.read(dir)).isInstanceOf(RunHistory.NotARunException.class)
                .hasMessage(dir + " is not a run directory: it has no journal.jsonl");
        assertThatThrownBy(() -> RunHistory.read(dir.resolve("missing"))).isInstanceOf(RunHistory.NotARunException.class)
                .hasMessage(dir.resolve("missing") + " is not a directory");
    }

    @Test
    void theConfigDigestCoversSuiteParametersAndFeaturesButNotDevicesOrSecrets() {
        PoolSpec pool = new PoolSpec("p", "SKU", Map.of("PKCS11", "ECC"), List.of());
        String base = ConfigDigest.of(config(Map.of("sourcePath", "fw", "pin", "1234")), pool, "s");
        assertThat(base).startsWith("sha256:").hasSize(7 + 64);
        assertThat(ConfigDigest.of(config(Map.of("pin", "1234", "sourcePath", "fw")), pool, "s")).as("key order").isEqualTo(base);
        assertThat(ConfigDigest.of(config(Map.of("sourcePath", "fw", "pin", "9999")), pool, "s")).as("a secret").isEqualTo(base);
        PoolSpec otherDevices = new PoolSpec("p", "SKU", Map.of("PKCS11", "ECC"), List.of(new DeviceSpec("x", Map.of(), null,
                Map.of("id", "x"), "/pools/0/devices/0")));
        assertThat(ConfigDigest.of(config(Map.of("sourcePath", "fw", "pin", "1234")), otherDevices, "s")).isEqualTo(base);
        assertThat(ConfigDigest.of(config(Map.of("sourcePath", "fw2", "pin", "1234")), pool, "s")).isNotEqualTo(base);
        assertThat(ConfigDigest.of(config(Map.of("sourcePath", "fw", "pin", "1234")),
                new PoolSpec("p", "SKU", Map.of("PKCS11", "RSA"), List.of()), "s")).isNotEqualTo(base);
    }

    private static QualifyConfig config(Map<String, Object> params) {
        return new QualifyConfig(Path.of("/c/qualify.yaml"), List.of(), Map.of("s", params), null, null);
    }

    private static void write(Path run, List<JournalEvent> events) throws Exception {
        try (RunJournal j = new RunJournal(run.resolve(RunJournal.FILE_NAME))) {
            events.forEach(j::append);
        }
        assertThat(Files.readString(run.resolve(RunJournal.FILE_NAME), StandardCharsets.UTF_8)).endsWith("\n");
    }
}
