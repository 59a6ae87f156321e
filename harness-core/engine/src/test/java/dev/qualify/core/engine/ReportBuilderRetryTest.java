package dev.qualify.core.engine;

import dev.qualify.api.report.Attempt;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.core.journal.DeviceQuarantined;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.JournalFormat;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@link ReportBuilder} folds the runs of a retried group into one group with each case's attempts. */
class ReportBuilderRetryTest {
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09Z");

    private static TestFinished.Case test(String device, String name, String log) {
        return new TestFinished.Case(device, "G", name, "G.Unity", log);
    }

    /** G on d1: A passes, B and the group-level DeviceOutput error; G again on d2: A fails (ignored), B passes. */
    private static List<JournalEvent> retriedOnAnotherDevice(boolean secondRunFinished) {
        List<JournalEvent> e = new ArrayList<>();
        e.add(new RunStarted(T0, "run-1", "s", "1", "pool", "0.2", "/q.yaml", 1.0, List.of("G", "H"),
                List.of(new RunStarted.Device("d1", "pool", "tcp", Map.of(), Map.of()),
                        new RunStarted.Device("d2", "pool", "tcp", Map.of(), Map.of()))));
        e.add(new GroupStarted(T0.plusSeconds(1), "d1", "G", "the group", true));
        e.add(new GroupStarted(T0.plusSeconds(1), "d2", "H", "another", false));
        e.add(TestFinished.passed(T0.plusSeconds(2), test("d1", "A", "logs/d1/G/A.log"), Duration.ofMillis(10)));
        e.add(TestFinished.error(T0.plusSeconds(3), test("d1", "B", "logs/d1/G/B.log"), "not reported: port gone",
                "port-gone", null, Duration.ZERO));
        e.add(TestFinished.error(T0.plusSeconds(3), test("d1", "DeviceOutput", "logs/d1/G/DeviceOutput.log"),
                "closed by the device side", "port-gone", null, Duration.ZERO));
        e.add(new GroupFinished(T0.plusSeconds(4), "d1", "G", 3000));
        e.add(TestFinished.passed(T0.plusSeconds(4), new TestFinished.Case("d2", "H", "X", "H.Unity", "logs/d2/H/X.log"),
                Duration.ofMillis(1)));
        e.add(new GroupFinished(T0.plusSeconds(4), "d2", "H", 3000));
        e.add(new Note(T0.plusSeconds(4), "G ended in ERROR on d1: running it again (attempt 2 of 2, --retries 1)"));
        e.add(new DeviceQuarantined(T0.plusSeconds(4), "d1", "2 runs of groups on it ended in ERROR: ..."));
        e.add(new GroupStarted(T0.plusSeconds(5), "d2", "G", "the group", true, 2));
        e.add(TestFinished.failed(T0.plusSeconds(6), test("d2", "A", "logs/d2/G/attempt-2/A.log"), "no", null,
                Duration.ofMillis(10)).withAttempt(2));
        e.add(TestFinished.passed(T0.plusSeconds(7), test("d2", "B", "logs/d2/G/attempt-2/B.log"), Duration.ofMillis(20))
                .withAttempt(2));
        if (secondRunFinished) {
            e.add(new GroupFinished(T0.plusSeconds(8), "d2", "G", 3000));
            e.add(new RunFinished(T0.plusSeconds(9), 0, false));
        }
        return e;
    }

    @Test
    void aRetriedGroupIsOneGroupUnderItsLastDeviceWithEachCasesAttempts() {
        RunReport report = ReportBuilder.build(retriedOnAnotherDevice(true));
        assertThat(report.groups()).extracting(GroupResult::groupId).containsExactly("G", "H");
        GroupResult g = report.groups().get(0);
        assertThat(g.deviceId()).isEqualTo("d2");
        assertThat(g.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(g.duration()).isEqualTo(Duration.ofSeconds(7));
        assertThat(g.tests()).extracting(TestResult::name).containsExactly("A", "B");

        TestResult a = g.tests().get(0);
        assertThat(a.outcome()).as("its verdict of the first run stands").isEqualTo(Outcome.PASSED);
        assertThat(a.attempts()).isEqualTo(1);
        assertThat(a.flaky()).isFalse();
        assertThat(a.history()).extracting(Attempt::deviceId).containsExactly("d1");

        TestResult b = g.tests().get(1);
        assertThat(b.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(b.flaky()).isTrue();
        assertThat(b.attempts()).isEqualTo(2);
        assertThat(b.logPath()).isEqualTo("logs/d2/G/attempt-2/B.log");
        assertThat(b.history()).containsExactly(
                new Attempt(1, Outcome.ERROR, "not reported: port gone", "port-gone", null, "d1", Duration.ZERO, "logs/d1/G/B.log"),
                new Attempt(2, Outcome.PASSED, null, null, null, "d2", Duration.ofMillis(20), "logs/d2/G/attempt-2/B.log"));

        assertThat(report.groups().get(1).tests()).singleElement().satisfies(x -> assertThat(x.history()).isEmpty());
        assertThat(report.count(Outcome.ERROR)).isZero();
        assertThat(report.notes()).anySatisfy(n -> assertThat(n).startsWith("device d1 taken out of the pool for the rest of the run: 2 runs"))
                .anySatisfy(n -> assertThat(n).contains("the ERROR DeviceOutput of attempt 1 on d1").contains("did not recur on attempt 2"));
    }

    @Test
    void aRerunCutOffLeavesTheErrorsItHasNotReplacedYet() {
        RunReport report = ReportBuilder.build(retriedOnAnotherDevice(false));
        assertThat(report.interrupted()).isTrue();
        assertThat(report.groups().get(0).tests()).extracting(TestResult::name, TestResult::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("A", Outcome.PASSED),
                org.assertj.core.groups.Tuple.tuple("B", Outcome.PASSED),
                org.assertj.core.groups.Tuple.tuple("DeviceOutput", Outcome.ERROR));
    }

    @Test
    void theFoldReadsTheSameFromTheJournalsLines() throws Exception {
        List<JournalEvent> events = retriedOnAnotherDevice(true);
        List<JournalEvent> reread = new ArrayList<>();
        for (JournalEvent e : events) reread.add(JournalFormat.read(JournalFormat.write(e)).orElseThrow());
        assertThat(reread).isEqualTo(events);
        assertThat(JournalFormat.write(events.get(1))).doesNotContain("attempt");
        assertThat(JournalFormat.write(events.get(11))).contains("\"attempt\":2");
        assertThat(ReportBuilder.build(reread)).isEqualTo(ReportBuilder.build(events));
    }

    @Test
    void theTallyCountsFinalOutcomesSoAFlakyRunPasses() {
        OutcomeTally tally = new OutcomeTally();
        retriedOnAnotherDevice(true).stream().filter(TestFinished.class::isInstance).map(TestFinished.class::cast)
                .forEach(tally::record);
        assertThat(tally.exitCode(false, false)).isZero();
        assertThat(tally.count(Outcome.PASSED)).isEqualTo(3);
        assertThat(tally.total()).isEqualTo(3);
    }
}
