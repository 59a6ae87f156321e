package dev.qualify.api.report;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The result of one test case on one device.
 *
 * <p>When its group was retried ({@code --retries}), {@link #history} lists every run of the case, oldest first,
 * and the other fields are its final result: a case that errored and then passed is {@link #flaky() flaky} and
 * PASSED; a FAILED verdict is final and is never replaced by a later run.
 *
 * @param testId     stable id within the group, e.g. {@code PKCS11_Digest}
 * @param name       the name shown to people and written as the JUnit {@code name}
 * @param className  dotted, non-empty JUnit {@code classname}, e.g. {@code FullPKCS11_Core.Full_PKCS11_NoObject}
 * @param outcome    never null
 * @param message    one line: why it failed, errored or was skipped; null when PASSED
 * @param errorType  for FAILED the failure kind (e.g. {@code unity}), for ERROR the infrastructure kind
 *                   (e.g. {@code flash-failed}, {@code timeout}); null otherwise
 * @param detail     longer text for the report (device lines, stack trace); may be null
 * @param duration   never null
 * @param attempts   how many times it ran (more than 1 only when errors were retried)
 * @param logPath    the test's log relative to the run directory, with '/' separators; may be null
 * @param properties device info, firmware version, measurements; never null
 * @param history    each run of the case, oldest first, the last one being this result's; empty when its group
 *                   ran once; never null
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record TestResult(String testId, String name, String className, Outcome outcome, String message,
                         String errorType, String detail, Duration duration, int attempts, String logPath,
                         Map<String, String> properties, List<Attempt> history) {
    public TestResult {
        properties = Map.copyOf(properties);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A result without a history of attempts (its group ran once). */
    public TestResult(String testId, String name, String className, Outcome outcome, String message,
                      String errorType, String detail, Duration duration, int attempts, String logPath,
                      Map<String, String> properties) {
        this(testId, name, className, outcome, message, errorType, detail, duration, attempts, logPath, properties,
                List.of());
    }

    /** Whether it passed after an earlier run of it ended in ERROR. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    public boolean flaky() {
        return outcome == Outcome.PASSED && history.stream().anyMatch(a -> a.outcome() == Outcome.ERROR);
    }
}
