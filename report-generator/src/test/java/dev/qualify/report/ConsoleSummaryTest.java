package dev.qualify.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSummaryTest {

    @TempDir
    Path runDir;

    private final ConsoleSummary summary = new ConsoleSummary();

    @Test
    void startsWithTheIdtTitleAndCountsEveryOutcome() {
        List<String> lines = summary.render(SampleRuns.mixed(), runDir).lines().toList();

        assertThat(lines).startsWith(
                "========== Test Summary ==========",
                "Execution Time:     5m03s",
                "Tests Completed:    4",
                "Tests Passed:       1",
                "Tests Failed:       1",
                "Tests Errored:      1",
                "Tests Skipped:      1",
                "----------------------------------");
    }

    @Test
    void listsFailedAndErroredTestsWithTheirReasonsAndLogs() {
        String text = summary.render(SampleRuns.mixed(), runDir);

        assertThat(text).contains("""
                Failed Tests:
                    Group Name: FullMQTT (device dev-1)
                        Test Name: MQTT_Publish
                            Reason: expected PUBACK within 5s
                            Log: %1$s/logs/dev-1/FullMQTT/MQTT_Publish.log
                        Test Name: MQTT_Subscribe [ERROR flash-failed]
                            Reason: flash tool exited with 1
                            Detail: openocd exited with 1
                            Log: %1$s/logs/dev-1/FullMQTT/MQTT_Subscribe.log
                """.formatted(runDir.toAbsolutePath()));
        assertThat(text).doesNotContain("MQTT_Retain", "Test Name: MQTT_Connect");
    }

    @Test
    void showsEachGroupOnEachDeviceWithItsOutcomeAndRequiredMark() {
        String text = summary.render(SampleRuns.twoDevices(), runDir);

        assertThat(text).contains("""
                Test Groups:
                    FullPKCS11_Core@dev-1: PASSED (required)
                    FullPKCS11_Core@dev.2: FAILED (required)
                """);
        assertThat(text).contains("Group Name: FullPKCS11_Core (device dev.2)")
                .doesNotContain("Group Name: FullPKCS11_Core (device dev-1)");
    }

    @Test
    void endsWithThePathsOfTheReportsAndTheMeaningOfTheExitCode() {
        List<String> lines = summary.render(SampleRuns.mixed(), runDir).lines().toList();

        Path dir = runDir.toAbsolutePath();
        assertThat(lines).endsWith(
                "Path to HTML Report:              " + dir.resolve("report.html"),
                "Path to Aggregated JUnit Report:  " + dir.resolve("junit.xml"),
                "Path to JSON Results:             " + dir.resolve("results.json"),
                "Path to Test Execution Logs:      " + dir.resolve("logs"),
                "Path to AWS IoT Device Tester Report: " + dir.resolve("awsiotdevicetester_report.xml"),
                "Path to IDT JUnit Report:         " + dir.resolve("FRQ_Report.xml"),
                "Exit Code: 1 (a test failed)");
    }

    @Test
    void saysNoTestFailedWhenAllPassed() {
        String text = summary.render(SampleRuns.allPassed(), runDir);

        assertThat(text).contains("Failed Tests: none\n", "Exit Code: 0 (all tests passed)\n")
                .doesNotContain("Notes:");
    }

    @Test
    void explainsAnInterruptedRunWithNoGroups() {
        String text = summary.render(SampleRuns.emptyInterrupted(), runDir);

        assertThat(text).contains("Tests Completed:    0", "Test Groups: none ran", """
                Notes:
                    The run was interrupted; results are partial.
                    interrupted by SIGINT
                    groups not run: FullMQTT
                """).endsWith("Exit Code: 130 (interrupted)\n");
    }

    @Test
    void stripsTerminalEscapesAndLineBreaksFromDeviceText() {
        String text = summary.render(SampleRuns.hostile(), runDir);

        assertThat(text).doesNotContain("\u001b", "\u0000", "\u0007")
                .contains("Reason: " + SampleRuns.HOSTILE_CLEANED + "\n");
    }
}
