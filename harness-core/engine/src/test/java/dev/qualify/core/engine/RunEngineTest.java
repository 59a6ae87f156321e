package dev.qualify.core.engine;

import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.report.ExitCodes;

import dev.qualify.core.config.BootSpec;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.config.SourceLocator;
import dev.qualify.api.device.Device;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.JournalEvent;
import dev.qualify.core.journal.RunFinished;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine above the drivers: scheduling, injection, outcome mapping, journal and reports. The groups need no
 * device state ({@link Preparation.HostOnly}), so the devices here have no capabilities.
 */
class RunEngineTest {
    @TempDir
    Path dir;

    /** What the run showed as progress, in order. */
    private final List<JournalEvent> shown = new CopyOnWriteArrayList<>();

    private final ProgressListener recording = new ProgressListener() {
        @Override public void runStarted(RunStarted run) { shown.add(run); }
        @Override public void groupStarted(GroupStarted group) { shown.add(group); }
        @Override public void testFinished(TestFinished test) { shown.add(test); }
        @Override public void groupFinished(GroupFinished group) { shown.add(group); }
    };

    @QualificationGroup(id = "Mixed", title = "mixed outcomes", preparation = Preparation.HostOnly.class)
    static class MixedGroup {
        @Test
        void passes(Device device, GroupContext run) {
            assertEquals(device.id(), run.device().id());
        }

        @Test
        void deviceVerdictFails() {
            assertEquals(1, 2, "the device said no");
        }

        @Test
        void labProblemErrors() {
            throw new InfrastructureException("flash-failed", "flash tool exited with 1");
        }

        @Test
        void ignoredIsSkipped() {
            Assumptions.abort("IGNORE: file systems only");
        }
    }

    @QualificationGroup(id = "Broken", title = "fails before its tests", preparation = Preparation.HostOnly.class)
    static class BrokenSetupGroup {
        @BeforeAll
        static void setUp() {
            throw new InfrastructureException("port-unreachable", "cannot connect to tcp-serial 127.0.0.1:1");
        }

        @Test
        void neverRuns() {
            throw new AssertionError("must not run");
        }
    }

    @QualificationGroup(id = "Passing", title = "all good", preparation = Preparation.HostOnly.class)
    static class PassingGroup {
        @Test
        void ok(GroupContext run) {
            assertEquals("Passing", run.group().id());
        }
    }

    /** Set by {@link #theCasesLeftInAGroupDoNotStartOnceTheRunIsInterrupted}: the engine its first case interrupts. */
    static final AtomicReference<RunEngine> INTERRUPTED_ENGINE = new AtomicReference<>();
    static final AtomicInteger LATER_CASES_STARTED = new AtomicInteger();

    @QualificationGroup(id = "Waiting", title = "cases that wait on the device", preparation = Preparation.HostOnly.class)
    static class WaitingGroup {
        @TestFactory
        Stream<DynamicTest> cases() {
            return Stream.of(
                    dynamicTest("interruptedWhileItWaits", () -> {
                        new Thread(() -> INTERRUPTED_ENGINE.get().interrupt("SIGINT", Duration.ofSeconds(30))).start();
                        Thread.sleep(60_000); // the interrupt ends it
                    }),
                    dynamicTest("wouldWaitAMinute", () -> {
                        LATER_CASES_STARTED.incrementAndGet();
                        Thread.sleep(60_000);
                    }),
                    dynamicTest("wouldWaitAnotherMinute", () -> {
                        LATER_CASES_STARTED.incrementAndGet();
                        Thread.sleep(60_000);
                    }));
        }
    }

    /** Released by {@link #aRunThatDoesNotStopInTimeStillGetsItsReportFromTheJournal}; until then its case hangs. */
    static final CountDownLatch RELEASE_DEAF_CASE = new CountDownLatch(1);
    static final CountDownLatch DEAF_CASE_STARTED = new CountDownLatch(1);

    @QualificationGroup(id = "Deaf", title = "a case that ignores interrupts", preparation = Preparation.HostOnly.class)
    static class DeafGroup {
        @Test
        void passesQuickly() {
            assertEquals(2, 1 + 1);
        }

        @Test
        void ignoresTheInterrupt() {
            DEAF_CASE_STARTED.countDown();
            boolean released = false;
            while (!released) {
                try {
                    released = RELEASE_DEAF_CASE.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // as a vendor library stuck in a native read would: the interrupt changes nothing
                }
            }
        }
    }

    static QualificationSuite suite(Class<?>... groups) {
        return new QualificationSuite() {
            @Override public String id() { return "test-suite"; }
            @Override public String title() { return "test"; }
            @Override public String version() { return "1"; }
            @Override public List<Class<?>> groupClasses() { return List.of(groups); }
        };
    }

    private RunResult run(QualificationSuite suite, int devices, List<RunReport> written) throws Exception {
        ReportWriter capture = new ReportWriter() {
            @Override public String fileName() { return "capture"; }
            @Override public void write(RunReport report, Path runDir) { written.add(report); }
        };
        return run(dir, suite, devices, capture, recording, engine -> { });
    }

    /**
     * Runs {@code suite} on a pool of {@code devices} capability-less devices {@code d0}, {@code d1}, ...
     *
     * @param configure applied to the engine before it runs (e.g. retries)
     */
    static RunResult run(Path dir, QualificationSuite suite, int devices, ReportWriter writer, ProgressListener progress,
                         java.util.function.Consumer<RunEngine> configure) throws Exception {
        List<DeviceSpec> specs = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            specs.add(new DeviceSpec("d" + i, Map.of(), new BootSpec(null, null, null, null, null, null, null), Map.of("id", "d" + i), ""));
        }
        PoolSpec pool = new PoolSpec("pool", null, Map.of(), specs);
        QualifyConfig config = new QualifyConfig(dir.resolve("q.yaml"), List.of(pool), Map.of(),
                new ResourceSpec("emulated", Map.of(), "/cloud"), SourceLocator.none(dir.resolve("q.yaml")));
        RunPlan plan = new RunPlan(suite.id(), "pool", List.of(), List.of(), List.of(), 1.0, dir.resolve("results"), false, dir, "test");
        RunEngine engine = new RunEngine(config, plan, suite, new DriverRegistry(List.of()), List.of(), List.of(writer),
                progress, Clock.systemUTC());
        configure.accept(engine);
        return engine.run(pool, suite.groups(), Map.of());
    }

    @Test
    void assertionsAreFailuresLabProblemsAreErrorsAndAbortsAreSkips() throws Exception {
        List<RunReport> written = new ArrayList<>();
        RunResult r = run(suite(MixedGroup.class), 1, written);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.TEST_FAILED);
        GroupResult g = r.report().groups().get(0);
        assertThat(g.tests()).extracting(TestResult::name, TestResult::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("passes", Outcome.PASSED),
                org.assertj.core.groups.Tuple.tuple("deviceVerdictFails", Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple("labProblemErrors", Outcome.ERROR),
                org.assertj.core.groups.Tuple.tuple("ignoredIsSkipped", Outcome.SKIPPED));
        TestResult error = g.tests().stream().filter(t -> t.outcome() == Outcome.ERROR).findFirst().orElseThrow();
        assertThat(error.errorType()).isEqualTo("flash-failed");
        assertThat(error.logPath()).isEqualTo("logs/d0/Mixed/labProblemErrors.log");
        assertThat(r.runDir().resolve(error.logPath())).content().contains("flash tool exited with 1");
        assertThat(written).singleElement().satisfies(rep -> assertThat(rep.exitCode()).isEqualTo(1));

        List<JournalEvent> journal = RunJournal.read(r.runDir().resolve(RunJournal.FILE_NAME));
        List<TestFinished> tests = journal.stream().filter(TestFinished.class::isInstance).map(TestFinished.class::cast).toList();
        assertThat(tests).extracting(TestFinished::name, TestFinished::outcome, TestFinished::errorType).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("passes", Outcome.PASSED, null),
                org.assertj.core.groups.Tuple.tuple("deviceVerdictFails", Outcome.FAILED, "failure"),
                org.assertj.core.groups.Tuple.tuple("labProblemErrors", Outcome.ERROR, "flash-failed"),
                org.assertj.core.groups.Tuple.tuple("ignoredIsSkipped", Outcome.SKIPPED, null));
        assertThat(shown).as("progress receives the journaled events themselves")
                .containsExactlyInAnyOrderElementsOf(journal.stream().filter(e -> e instanceof RunStarted
                        || e instanceof GroupStarted || e instanceof TestFinished || e instanceof GroupFinished).toList());
        assertThat(journal.get(journal.size() - 1)).isInstanceOfSatisfying(RunFinished.class, f -> {
            assertThat(f.exitCode()).isEqualTo(ExitCodes.TEST_FAILED);
            assertThat(f.interrupted()).isFalse();
        });
    }

    @Test
    void aGroupThatCannotStartIsRecordedAsAnErrorWithExitThree() throws Exception {
        RunResult r = run(suite(BrokenSetupGroup.class), 1, new ArrayList<>());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(r.report().groups().get(0).tests()).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(t.errorType()).isEqualTo("port-unreachable");
            assertThat(t.message()).contains("127.0.0.1:1");
        });
        assertThat(shown).filteredOn(TestFinished.class::isInstance).singleElement()
                .isInstanceOfSatisfying(TestFinished.class, t -> assertThat(t.outcome()).isEqualTo(Outcome.ERROR));
    }

    @Test
    void everyGroupRunsOnceAndTheJournalRebuildsTheSameReport() throws Exception {
        RunResult r = run(suite(PassingGroup.class, MixedGroup.class), 2, new ArrayList<>());
        assertThat(r.report().groups()).extracting(GroupResult::groupId).containsExactlyInAnyOrder("Passing", "Mixed");
        List<JournalEvent> journal = RunJournal.read(r.runDir().resolve(RunJournal.FILE_NAME));
        assertThat(journal.get(0)).isInstanceOfSatisfying(RunStarted.class, s -> {
            assertThat(s.runId()).isEqualTo(r.report().runId());
            assertThat(s.groups()).containsExactly("Passing", "Mixed");
            assertThat(s.devices()).extracting(RunStarted.Device::id).containsExactly("d0", "d1");
        });
        assertThat(journal).filteredOn(GroupStarted.class::isInstance).hasSize(2);
        assertThat(journal).filteredOn(GroupFinished.class::isInstance).hasSize(2);
        RunReport rebuilt = ReportBuilder.build(journal);
        assertThat(rebuilt).isEqualTo(r.report());
        assertThat(ReportBuilder.read(r.runDir().resolve(RunJournal.FILE_NAME))).isEqualTo(r.report());
        assertThat(rebuilt.interrupted()).isFalse();
        assertThat(r.runDir().getParent().resolve("latest")).isSymbolicLink();
    }

    @Test
    void theCasesLeftInAGroupDoNotStartOnceTheRunIsInterrupted() throws Exception {
        LATER_CASES_STARTED.set(0);
        RunResult r = run(dir, suite(WaitingGroup.class), 1, new ReportWriter() {
            @Override public String fileName() { return "none"; }
            @Override public void write(RunReport report, Path runDir) { }
        }, recording, INTERRUPTED_ENGINE::set);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(LATER_CASES_STARTED).as("cases started after the interrupt").hasValue(0);
        assertThat(r.report().groups().get(0).tests()).extracting(TestResult::name, TestResult::outcome, TestResult::errorType)
                .containsExactly(tuple("interruptedWhileItWaits", Outcome.ERROR, Interruption.TYPE),
                        tuple("wouldWaitAMinute", Outcome.ERROR, Interruption.TYPE),
                        tuple("wouldWaitAnotherMinute", Outcome.ERROR, Interruption.TYPE));
    }

    @Test
    void aRunThatDoesNotStopInTimeStillGetsItsReportFromTheJournal() throws Exception {
        List<RunReport> written = new CopyOnWriteArrayList<>();
        ReportWriter capture = new ReportWriter() {
            @Override public String fileName() { return "capture"; }
            @Override public void write(RunReport report, Path runDir) { written.add(report); }
        };
        AtomicReference<RunEngine> engine = new AtomicReference<>();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return run(dir, suite(DeafGroup.class), 1, capture, recording, engine::set);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(DEAF_CASE_STARTED.await(60, TimeUnit.SECONDS)).as("the deaf case started").isTrue();
            assertThat(engine.get().interrupt("SIGINT", Duration.ofMillis(300))).as("the run ended by itself").isFalse();

            assertThat(written).as("reports written by the interrupt").singleElement().satisfies(rep -> {
                assertThat(rep.interrupted()).isTrue();
                assertThat(rep.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
                assertThat(rep.groups().get(0).tests()).extracting(TestResult::name, TestResult::outcome)
                        .contains(tuple("passesQuickly", Outcome.PASSED));
            });
            Path journal = engine.get().runDirectory().orElseThrow().resolve(RunJournal.FILE_NAME);
            assertThat(journal).content().contains("the run did not stop within 300 ms");
        } finally {
            RELEASE_DEAF_CASE.countDown();
        }
        RunResult r = run.get(60, TimeUnit.SECONDS);
        assertThat(written).as("the run writes no second report once the interrupt wrote one").hasSize(1);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
    }

    @Test
    void allPassingGivesExitZero() throws Exception {
        RunResult r = run(suite(PassingGroup.class), 1, new ArrayList<>());
        assertThat(r.exitCode()).isZero();
        assertThat(r.report().testCount()).isEqualTo(1);
    }

    @Test
    void aJournalCutShortIsReportedAsInterruptedWithWhatFinished() throws Exception {
        RunResult r = run(suite(PassingGroup.class), 1, new ArrayList<>());
        List<String> lines = Files.readAllLines(r.runDir().resolve(RunJournal.FILE_NAME));
        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, lines.size() - 1));
        Files.writeString(cut, "{\"event\":\"note\",\"at\":\"2026-", java.nio.file.StandardOpenOption.APPEND); // torn write
        RunReport report = ReportBuilder.build(RunJournal.read(cut));
        assertThat(report.interrupted()).isTrue();
        assertThat(report.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(report.testCount()).isEqualTo(1);
    }

    @Test
    void groupDescriptorsSayWhyAPoolCannotRunThem() {
        GroupDescriptor g = new GroupDescriptor("G", "g", true, List.of("PKCS11=RSA|Both", "OTA"), List.of(), Object.class,
                dev.qualify.api.suite.Preparation.AsConfigured.class);
        assertThat(g.unsupportedBy(Map.of("PKCS11", "ECC", "OTA", "Yes"))).contains("feature PKCS11 is ECC, the group needs RSA|Both");
        assertThat(g.unsupportedBy(Map.of("PKCS11", "Both", "OTA", "No"))).contains("the pool declares feature OTA: No");
        assertThat(g.unsupportedBy(Map.of("PKCS11", "Both"))).contains("the pool does not declare feature OTA");
        assertThat(g.unsupportedBy(Map.of("PKCS11", "rsa", "OTA", "Yes"))).isEmpty();
    }

    @Test
    void aFeatureOnByDefaultIsMetUnlessThePoolDeclaresItNo() {
        GroupDescriptor g = new GroupDescriptor("G", "g", true, List.of("DeviceAdvisor?"), List.of(), Object.class,
                dev.qualify.api.suite.Preparation.AsConfigured.class);
        assertThat(g.unsupportedBy(Map.of())).isEmpty();
        assertThat(g.unsupportedBy(Map.of("DeviceAdvisor", "Yes"))).isEmpty();
        assertThat(g.unsupportedBy(Map.of("DeviceAdvisor", "no"))).contains("the pool declares feature DeviceAdvisor: no");
    }
}
