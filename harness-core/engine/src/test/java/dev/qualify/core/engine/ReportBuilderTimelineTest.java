package dev.qualify.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.PhaseSpan;
import dev.qualify.core.journal.DevicePrepared;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.JournalFormat;
import dev.qualify.core.journal.PhaseFinished;
import dev.qualify.core.journal.TestFinished;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The device timeline {@link ReportBuilder} rebuilds from phase-finished and test-finished events. */
class ReportBuilderTimelineTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void preparationPhasesEndAtTheirEventAndEachTestRunsFromTheStepBeforeIt() throws Exception {
        TestFinished.Case a = new TestFinished.Case("d", "G", "A", "G.C", "logs/d/G/A.log");
        TestFinished.Case b = new TestFinished.Case("d", "G", "B", "G.C", "logs/d/G/B.log");
        List<JournalEvent> events = new ArrayList<>(List.of(
                new GroupStarted(T0, "d", "G", "G", true),
                new PhaseFinished(at(500), "d", "G", PhaseSpan.BUILD, 400, null),
                new PhaseFinished(at(900), "d", "G", PhaseSpan.FLASH, 400, null),
                new PhaseFinished(at(1000), "d", "G", PhaseSpan.POWER, 100, null),
                new PhaseFinished(at(1200), "d", "G", PhaseSpan.BOOT, 150, null),
                new DevicePrepared(at(1250), "d", "G", "image x (built), flashed", 1250),
                TestFinished.passed(at(1300), a, Duration.ZERO),
                TestFinished.failed(at(2000), b, "m", null, Duration.ofMillis(100)),
                new PhaseFinished(at(2100), "d", "G", PhaseSpan.RELEASE, 50, "power-failed"),
                new GroupFinished(at(2150), "d", "G", 2150)));
        // through the journal's line format, as a report is rebuilt from disk
        List<JournalEvent> read = new ArrayList<>();
        for (JournalEvent e : events) read.add(JournalFormat.read(JournalFormat.write(e)).orElseThrow());

        GroupResult g = ReportBuilder.build(read).groups().get(0);

        assertThat(g.timeline()).containsExactly(
                new PhaseSpan(PhaseSpan.BUILD, PhaseSpan.BUILD, at(100), Duration.ofMillis(400), Outcome.PASSED),
                new PhaseSpan(PhaseSpan.FLASH, PhaseSpan.FLASH, at(500), Duration.ofMillis(400), Outcome.PASSED),
                new PhaseSpan(PhaseSpan.POWER, PhaseSpan.POWER, at(900), Duration.ofMillis(100), Outcome.PASSED),
                new PhaseSpan(PhaseSpan.BOOT, PhaseSpan.BOOT, at(1050), Duration.ofMillis(150), Outcome.PASSED),
                new PhaseSpan(PhaseSpan.TEST, "A", at(1250), Duration.ofMillis(50), Outcome.PASSED),
                new PhaseSpan(PhaseSpan.TEST, "B", at(1300), Duration.ofMillis(700), Outcome.FAILED),
                new PhaseSpan(PhaseSpan.RELEASE, PhaseSpan.RELEASE, at(2050), Duration.ofMillis(50), Outcome.ERROR));
        assertThat(g.tests()).extracting(t -> t.name()).containsExactly("A", "B");
    }

    @Test
    void aJournalWithoutPhaseEventsGivesTestStepsOnly() {
        TestFinished.Case a = new TestFinished.Case("d", "G", "A", "G.C", null);
        GroupResult g = ReportBuilder.build(List.of(new GroupStarted(T0, "d", "G", "G", true),
                TestFinished.passed(at(300), a, Duration.ofMillis(10)))).groups().get(0);

        assertThat(g.timeline()).containsExactly(
                new PhaseSpan(PhaseSpan.TEST, "A", T0, Duration.ofMillis(300), Outcome.PASSED));
    }

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }
}
