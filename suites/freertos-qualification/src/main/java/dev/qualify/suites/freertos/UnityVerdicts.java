package dev.qualify.suites.freertos;

import dev.qualify.api.device.Console;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.unity.UnityCase;
import dev.qualify.api.unity.UnityProblem;
import dev.qualify.api.unity.UnityRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * How Unity results become JUnit verdicts, shared by {@link UnityDeviceTests} (one group per boot) and
 * {@link SharedUnityBoot} (several groups reading one boot): names, FAILED/SKIPPED mapping, the device lines a
 * test's log gets, and the ERRORs for output that ended badly.
 */
final class UnityVerdicts {
    private UnityVerdicts() {
    }

    /** {@code UnityGroup.Case}, or {@code Unity.Case} for plain Unity output. */
    static String name(UnityCase c) {
        return c.group() == null ? "Unity." + c.name() : c.group() + "." + c.name();
    }

    /** A test that replays {@code lines} into its log and then gives {@code c}'s verdict: FAIL is FAILED, IGNORE SKIPPED. */
    static DynamicTest test(UnityCase c, List<String> lines, Transcript transcript) {
        return test(c, lines, transcript, null);
    }

    /** The same, with a note for the test's log first ({@code null}: none). */
    static DynamicTest test(UnityCase c, List<String> lines, Transcript transcript, String note) {
        return DynamicTest.dynamicTest(name(c), () -> {
            if (note != null) transcript.note(note);
            replay(transcript, lines);
            if (c.outcome() == Outcome.FAILED) {
                fail((c.file() == null ? "" : c.file() + ":" + c.line() + ": ") + (c.message() == null ? "FAIL" : c.message()));
            } else if (c.outcome() == Outcome.SKIPPED) {
                Assumptions.abort("IGNORE" + (c.message() == null ? "" : ": " + c.message()));
            }
        });
    }

    /**
     * Gives the test now running the device lines that led to its result (read before it started), so they are in
     * its log; the group's log has them as they arrived.
     */
    static void replay(Transcript transcript, List<String> deviceLines) {
        StringBuilder text = new StringBuilder();
        for (String l : deviceLines) text.append(l).append('\n');
        if (text.length() > 0) transcript.read(text);
    }

    /** The error when the device's results did not end within the test budget. */
    static InfrastructureException timeout(Console console, Duration budget) {
        return new InfrastructureException("timeout", "no end of the test results on " + console.name()
                + " within " + budget.toMillis() + " ms (boot.testTimeout x --timeout-multiplier); last seen: \""
                + console.lastSeen() + "\"");
    }

    /** What went wrong with the output, if anything: the summary and its error type. */
    record Problem(String summary, String type) {
    }

    /**
     * @param stopped why reading stopped early (a timeout, a port gone), or null
     * @return null when the output ended well
     */
    static Problem problem(UnityRun r, InfrastructureException stopped) {
        List<String> problems = new ArrayList<>();
        String type = stopped != null ? stopped.type() : "unity-protocol";
        if (stopped != null) problems.add(stopped.getMessage());
        for (UnityProblem p : r.problems()) {
            if (stopped != null && p.kind() == UnityProblem.Kind.MISSING_END) continue; // said by the timeout
            problems.add(p.message());
            if (stopped == null) {
                if (p.kind() == UnityProblem.Kind.DEATH_STRING) type = "device-crashed";
                else if (p.kind() == UnityProblem.Kind.REBOOT && !type.equals("device-crashed")) type = "device-rebooted";
            }
        }
        return problems.isEmpty() ? null : new Problem(String.join("; ", problems), type);
    }

    /** The ERROR for an expected case the device never reported; {@code problem} is null when its output ended well. */
    static DynamicTest missing(String expectedCase, Problem problem) {
        String why = problem != null ? "not reported by the device: its output ended early (" + problem.type()
                + "); see the Unity.DeviceOutput result for what was seen"
                : "the device finished its tests without reporting this case; is it enabled in the image?";
        String type = problem != null ? problem.type() : "unity-missing-case";
        return DynamicTest.dynamicTest(expectedCase, () -> {
            throw new InfrastructureException(type, why);
        });
    }

    /** The one ERROR that says what went wrong with the output, with the lines seen after the last case. */
    static DynamicTest deviceOutput(Problem problem, List<String> trailing, Transcript transcript) {
        return DynamicTest.dynamicTest("Unity.DeviceOutput", () -> {
            replay(transcript, trailing);
            throw new InfrastructureException(problem.type(), problem.summary());
        });
    }
}
