package dev.qualify.connectors.qemu;

import dev.qualify.testkit.TestDriverContexts;
import dev.qualify.connectors.serial.HostTools;
import dev.qualify.connectors.serial.RecordingTranscript;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.device.Flasher;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.unity.UnityCase;
import dev.qualify.api.unity.UnityParser;
import dev.qualify.api.unity.UnityParserOptions;
import dev.qualify.api.unity.UnityRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The qemu board type end to end: the sample firmware built, flashed, booted, driven and reset in QEMU. */
class QemuBoardIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Ends at the space after the name: an open-ended {@code \S+} would match as soon as the first letter of the name arrived. */
    private static final Pattern BANNER = Pattern.compile("qemu-board \\S+ booted on (\\S+)\\s");
    private static Path image;

    @TempDir
    Path workDir;
    private final ProcessRegistry processes = new ProcessRegistry();
    private final RecordingTranscript transcript = new RecordingTranscript();
    private DriverContext ctx;
    private PowerControl power;

    @BeforeAll
    static void buildFirmware() throws Exception {
        image = FirmwareBuild.build("lm3s6965evb", "lm3s6965evb", "");
    }

    @BeforeEach
    void setUp() {
        HostTools.require("qemu-system-arm", "qemu-system-arm");
        ctx = TestDriverContexts.forDevice("qemu-1", workDir, processes, transcript);
        power = new QemuPowerFactory().create(Map.of("machine", "lm3s6965evb"), ctx);
    }

    @AfterEach
    void tearDown() {
        power.off();
        processes.killAll(Duration.ofSeconds(2));
    }

    private Flasher flasher() {
        return new QemuFlasherFactory().create(Map.of(), ctx);
    }

    private Console console() {
        return new QemuConsoleFactory().create(Map.of(), ctx);
    }

    @Test
    void bootsFlashedImageAndRunsTheUnityGroupAfterTheStartHandshake() {
        flasher().flash(image);
        power.on();
        try (Console console = console()) {
            assertThat(console.readLine(WAIT)).hasValueSatisfying(l -> assertThat(l).startsWith("qemu-board ").containsPattern(BANNER));
            console.expect(Pattern.compile("send 'start'"), WAIT);
            console.sendLine("start");

            UnityRun run = runUnity(console);

            assertThat(run.clean()).as("problems: %s", run.problems()).isTrue();
            assertThat(run.summary().tests()).isEqualTo(9);
            assertThat(run.summary().failures()).isZero();
            assertThat(run.summary().ignored()).isEqualTo(1);
            assertThat(run.cases()).extracting(UnityCase::name, UnityCase::outcome).contains(
                    tuple("Crc32_CheckValue", Outcome.PASSED), tuple("Sha256_MillionA", Outcome.PASSED),
                    tuple("Memory_WalkingOnes", Outcome.PASSED), tuple("SysTick_InterruptsArrive", Outcome.PASSED),
                    tuple("Fpu_SinglePrecision", Outcome.SKIPPED));
            assertThat(run.cases()).allSatisfy(c -> assertThat(c.group()).isEqualTo("QemuSelfTest"));
        }
    }

    @Test
    void aQemuThatDiesByItselfCompletesItsExitAndLeavesALineInTheTranscriptButOffDoesNot() throws Exception {
        flasher().flash(image);
        power.on();
        java.util.concurrent.CompletableFuture<dev.qualify.api.driver.ProcessExit> first =
                ((dev.qualify.api.driver.BoardProcess) power).exited();
        power.off();
        power.on();
        java.util.concurrent.CompletableFuture<dev.qualify.api.driver.ProcessExit> second =
                ((dev.qualify.api.driver.BoardProcess) power).exited();
        ProcessHandle qemu = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains("qemu-system-arm") && c.contains(image.toString())
                        || c.contains("qemu-system-arm") && c.contains(workDir.toString())).orElse(false))
                .findFirst().orElseThrow();
        qemu.destroyForcibly(); // what a crash looks like from outside
        dev.qualify.api.driver.ProcessExit exit = second.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(exit.what()).isEqualTo("QEMU");
        assertThat(exit.pid()).isEqualTo(qemu.pid());
        assertThat(exit.status()).isEqualTo(128 + 9);
        assertThat(transcript.notes()).anyMatch(n -> n.startsWith("[qualify] QEMU (pid " + qemu.pid() + ") exited with status 137"));
        assertThat(first).as("a QEMU quit by power off is not an exit").isNotDone();
    }

    @Test
    void consoleOpenedBeforePowerOnSeesTheFirstByteOfTheBoot() {
        flasher().flash(image);
        try (Console console = console()) {
            power.on();
            Optional<String> first = console.readLine(WAIT);
            assertThat(first).hasValue("qemu-board 1.0 booted on lm3s6965evb (Cortex-M3)");
        }
    }

    @Test
    void cycleResetsTheRunningBoardThroughQmpAndTheConsoleSeesItBootAgain() {
        flasher().flash(image);
        power.on();
        QemuBoard board = QemuBoards.of(ctx);
        try (Console console = console()) {
            console.expect(Pattern.compile("send 'start'"), WAIT);
            power.cycle();
            assertThat(console.expect(BANNER, WAIT).groups()).containsExactly("lm3s6965evb");
            assertThat(board.events()).contains("RESET");
            assertThat(transcript.notes()).anyMatch(n -> n.contains("system_reset"));
        }
    }

    @Test
    void offAndOnStartsAFreshQemuAndTheSameConsoleFollowsItToTheNewPty() {
        flasher().flash(image);
        power.on();
        try (Console console = console()) {
            console.expect(BANNER, WAIT);
            power.off();
            assertThat(QemuBoards.of(ctx).running()).isFalse();
            power.on();
            console.expect(BANNER, WAIT);
            console.expect(Pattern.compile("send 'start'"), WAIT);
            console.sendLine("start");
            assertThat(runUnity(console).summary().failures()).isZero();
        }
        assertThat(transcript.notes()).anyMatch(n -> n.startsWith("reopened"));
    }

    @Test
    void failingDeviceTestIsParsedAsFailedWithItsSourceLine() throws Exception {
        Path failing = FirmwareBuild.build("lm3s6965evb", "inject-failure", "-DQEMU_SELFTEST_INJECT_FAILURE=1");
        flasher().flash(failing);
        power.on();
        try (Console console = console()) {
            console.expect(Pattern.compile("send 'start'"), WAIT);
            console.sendLine("start");
            UnityRun run = runUnity(console);
            assertThat(run.summary().failures()).isEqualTo(1);
            assertThat(run.summary().ok()).isFalse();
            UnityCase failed = run.cases().stream().filter(c -> c.outcome() == Outcome.FAILED).findFirst().orElseThrow();
            assertThat(failed.name()).isEqualTo("Injected_Failure");
            assertThat(failed.file()).endsWith("selftest.c");
            assertThat(failed.line()).isPositive();
            assertThat(failed.message()).isEqualTo("Expected 1 Was 2");
        }
    }

    private static UnityRun runUnity(Console console) {
        UnityParser parser = new UnityParser(UnityParserOptions.defaults().withBootBanner(BANNER));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!parser.finished() && parser.fatal().isEmpty() && System.nanoTime() < deadline) {
            console.readLine(Duration.ofSeconds(1)).ifPresent(parser::accept);
        }
        assertThat(parser.finished()).as("end marker seen; last: %s", console.lastSeen()).isTrue();
        return parser.result();
    }
}
