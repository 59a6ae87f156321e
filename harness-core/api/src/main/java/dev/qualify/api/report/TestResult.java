package dev.qualify.api.report;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Map;

/**
 * The result of one test case on one device.
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
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record TestResult(String testId, String name, String className, Outcome outcome, String message,
                         String errorType, String detail, Duration duration, int attempts, String logPath,
                         Map<String, String> properties) {
    public TestResult {
        properties = Map.copyOf(properties);
    }
}
