package dev.qualify.core.engine;

import dev.qualify.api.device.Device;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.report.Attempt;
import dev.qualify.api.report.ExitCodes;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.TestResult;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.core.journal.DeviceQuarantined;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.JournalEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --retries} through the engine, with host-only groups whose outcome depends on how often they ran. */
class RunEngineRetryTest {
    /** How often each group class ran in the current test. */
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void resetRuns() {
        RUNS.clear();
    }

    static int run(String group) {
        return RUNS.computeIfAbsent(group, g -> new AtomicInteger()).incrementAndGet();
    }

    @QualificationGroup(id = "Flaky", title = "the port drops on the first run", preparation = Preparation.HostOnly.class)
    static class FlakyGroup {
        @org.junit.jupiter.api.Test
        void talksToTheBoard() {
            if (run("Flaky") == 1) throw new InfrastructureException("port-gone", "the port went away");
        }
    }

    @QualificationGroup(id = "Mixed", title = "a verdict and an error", preparation = Preparation.HostOnly.class)
    static class FailsThenErrorsGroup {
        @org.junit.jupiter.api.Test
        void a_verdictFailsOnTheFirstRunOnly() {
            if (run("Mixed.verdict") == 1) throw new AssertionError("the device said no");
        }

        @org.junit.jupiter.api.Test
        void b_labErrorsOnTheFirstRunOnly() {
            if (run("Mixed.lab") == 1) throw new InfrastructureException("flash-failed", "flash tool exited with 1");
        }
    }

    @QualificationGroup(id = "Broken", title = "always errors", preparation = Preparation.HostOnly.class)
    static class AlwaysErrorsGroup {
        @org.junit.jupiter.api.Test
        void neverWorks(Device device) {
            run("Broken");
            throw new InfrastructureException("boot-timeout", "no banner from " + device.id());
        }
    }

    @Test
    void aTestThatErroredAndThenPassedIsFlakyAndTheRunPasses() throws Exception {
        RunResult r = run(suite(FlakyGroup.class), 1, 1);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.PASSED);
        TestResult t = r.report().groups().get(0).tests().get(0);
        assertThat(t.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(t.flaky()).isTrue();
        assertThat(t.attempts()).isEqualTo(2);
        assertThat(t.history()).extracting(Attempt::number, Attempt::outcome, Attempt::errorType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Outcome.ERROR, "port-gone"),
                        org.assertj.core.groups.Tuple.tuple(2, Outcome.PASSED, null));
        assertThat(t.history().get(1).logPath()).startsWith("logs/d0/Flaky/attempt-2/");
        assertThat(r.report().notes()).anySatisfy(n -> assertThat(n).contains("Flaky ended in ERROR on d0")
                .contains("attempt 2 of 2"));
        assertThat(ReportBuilder.read(r.runDir().resolve(RunJournal.FILE_NAME))).isEqualTo(r.report());
    }

    @Test
    void withoutRetriesTheSameErrorEndsTheRunWithExitThree() throws Exception {
        RunResult r = run(suite(FlakyGroup.class), 1, 0);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(RUNS.get("Flaky")).hasValue(1);
        assertThat(r.report().groups().get(0).tests().get(0).history()).isEmpty();
    }

    @Test
    void aGroupRunAgainForItsErrorKeepsItsFailedVerdict() throws Exception {
        RunResult r = run(suite(FailsThenErrorsGroup.class), 1, 1);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.TEST_FAILED);
        List<TestResult> tests = r.report().groups().get(0).tests();
        assertThat(tests).extracting(TestResult::name, TestResult::outcome, TestResult::attempts).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a_verdictFailsOnTheFirstRunOnly", Outcome.FAILED, 1),
                org.assertj.core.groups.Tuple.tuple("b_labErrorsOnTheFirstRunOnly", Outcome.PASSED, 2));
        assertThat(tests.get(0).flaky()).isFalse();
        assertThat(tests.get(1).flaky()).isTrue();
    }

    @Test
    void aGroupThatKeepsErroringRunsAgainOnTheOtherDeviceAndTheDevicesErroringTwiceAreTakenOut() throws Exception {
        RunResult r = run(suite(AlwaysErrorsGroup.class, FlakyGroup.class), 2, 2);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        List<JournalEvent> journal = RunJournal.read(r.runDir().resolve(RunJournal.FILE_NAME));
        List<GroupStarted> broken = journal.stream().filter(GroupStarted.class::isInstance).map(GroupStarted.class::cast)
                .filter(g -> g.group().equals("Broken")).toList();
        assertThat(broken).extracting(GroupStarted::attempt).containsExactly(1, 2, 3);
        assertThat(broken.get(1).device()).as("the second run goes to the device that has not run it")
                .isNotEqualTo(broken.get(0).device());
        GroupResult g = r.report().groups().stream().filter(x -> x.groupId().equals("Broken")).findFirst().orElseThrow();
        assertThat(g.tests()).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(t.history()).extracting(Attempt::deviceId).containsExactly(broken.get(0).device(),
                    broken.get(1).device(), broken.get(2).device());
        });
        assertThat(g.deviceId()).isEqualTo(broken.get(2).device());
        assertThat(journal).filteredOn(DeviceQuarantined.class::isInstance).isNotEmpty();
        assertThat(r.report().notes()).anySatisfy(n -> assertThat(n).contains("taken out of the pool"));
    }

    private static QualificationSuite suite(Class<?>... groups) {
        return RunEngineTest.suite(groups);
    }

    private RunResult run(QualificationSuite suite, int devices, int retries) throws Exception {
        ReportWriter none = new ReportWriter() {
            @Override public String fileName() { return "none"; }
            @Override public void write(dev.qualify.api.report.RunReport report, Path runDir) { }
        };
        return RunEngineTest.run(dir, suite, devices, none, ProgressListener.NONE, engine -> engine.retries(retries));
    }
}
