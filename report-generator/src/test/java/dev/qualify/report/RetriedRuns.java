package dev.qualify.report;

import dev.qualify.api.report.Attempt;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A run with retried groups ({@code --retries}): a flaky test, an error that stayed one, a verdict that stood. */
public final class RetriedRuns {
    private RetriedRuns() {
    }

    private static Attempt attempt(int n, Outcome outcome, String device, String log) {
        boolean error = outcome == Outcome.ERROR;
        return new Attempt(n, outcome, error ? "port <gone> & \"lost\"" : null, error ? "port-gone" : null,
                error ? "StreamConsole: closed by the device side" : null, device, Duration.ofMillis(100 * n), log);
    }

    private static TestResult result(String id, Outcome outcome, List<Attempt> history) {
        Attempt last = history.get(history.size() - 1);
        return new TestResult(id, id, "FullTransportInterfacePlainText.Unity", outcome, last.message(), last.errorType(),
                last.detail(), last.duration(), history.size(), last.logPath(), Map.of(), history);
    }

    /**
     * On dev-1 then dev-2: Send is flaky, Recv errored twice, Connect passed on the first run (on dev-1), Close ran
     * once, on dev-2.
     */
    public static RunReport run() {
        String g = "FullTransportInterfacePlainText";
        TestResult flaky = result("Transport_Send", Outcome.PASSED, List.of(
                attempt(1, Outcome.ERROR, "dev-1", "logs/dev-1/" + g + "/Transport_Send.log"),
                attempt(2, Outcome.PASSED, "dev-2", "logs/dev-2/" + g + "/attempt-2/Transport_Send.log")));
        TestResult stayed = result("Transport_Recv", Outcome.ERROR, List.of(
                attempt(1, Outcome.ERROR, "dev-1", "logs/dev-1/" + g + "/Transport_Recv.log"),
                attempt(2, Outcome.ERROR, "dev-2", "logs/dev-2/" + g + "/attempt-2/Transport_Recv.log")));
        TestResult once = result("Transport_Connect", Outcome.PASSED, List.of(
                attempt(1, Outcome.PASSED, "dev-1", "logs/dev-1/" + g + "/Transport_Connect.log")));
        TestResult sameDevice = result("Transport_Close", Outcome.PASSED, List.of(
                attempt(1, Outcome.PASSED, "dev-2", "logs/dev-2/" + g + "/Transport_Close.log")));
        return SampleRuns.run("run-retried", false, 3, List.of(SampleRuns.device("dev-1"), SampleRuns.device("dev-2")),
                List.of(SampleRuns.group(g, "dev-2", true, List.of(flaky, stayed, once, sameDevice)),
                        SampleRuns.group("FullMQTT", "dev-1", false, List.of(SampleRuns.passed("dev-1", "FullMQTT", "MQTT_Connect")))),
                List.of("device dev-1 taken out of the pool for the rest of the run: 2 runs of groups on it ended in ERROR"));
    }
}
