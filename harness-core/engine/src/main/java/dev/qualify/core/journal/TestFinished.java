package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.qualify.api.report.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one test case on one device. Built only through the factories ({@link #passed}, {@link #failed},
 * {@link #skipped}, {@link #error}), so a result looks the same whether the test ran or its group could not start;
 * the canonical constructor is for the journal reader.
 *
 * @param at         when it happened
 * @param device     the device's id
 * @param group      the group's id
 * @param testId     the case's id within its group (today its name)
 * @param name       the case's name
 * @param className  {@code <group>.<class>}: the case's class, or its Unity group
 * @param outcome    the verdict
 * @param message    why it did not pass (or was skipped); null when it passed
 * @param errorType  what kind of failure: {@code failure} for a device's verdict, the
 *                   {@link dev.qualify.api.device.InfrastructureException#type() infrastructure error type}, or
 *                   {@code test-exception} / {@code internal}; null when it passed or was skipped
 * @param detail     a stack trace or similar, at most {@value #DETAIL_LIMIT} characters plus a marker; may be null
 * @param durationMs how long the case ran
 * @param attempts   which run of its group this result is from, at least 1: the case has run this often so far
 *                   ({@link GroupStarted#attempt()}; an older journal without the field reads as 1; written only
 *                   when above 1)
 * @param log        the case's log, relative to the run directory, with {@code /} separators
 * @param properties extra name-value pairs for the reports; written only when there are some
 */
@JsonTypeName("test-finished")
public record TestFinished(Instant at, String device, String group, String testId, String name, String className,
                           Outcome outcome, String message, String errorType, String detail, long durationMs,
                           @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = OneAttempt.class) int attempts,
                           String log,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> properties)
        implements JournalEvent {
    /** The longest {@link #detail} kept; the rest is cut and marked. */
    public static final int DETAIL_LIMIT = 16 * 1024;

    public TestFinished {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        attempts = Math.max(1, attempts);
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * Which case a result is for and where its log is.
     *
     * @param device    the device's id
     * @param group     the group's id
     * @param name      the case's name (also its id)
     * @param className {@code <group>.<class>}
     * @param log       the log file relative to the run directory, with {@code /} separators
     */
    public record Case(String device, String group, String name, String className, String log) {
    }

    /** The case passed. */
    public static TestFinished passed(Instant at, Case test, Duration took) {
        return of(at, test, Outcome.PASSED, null, null, null, took);
    }

    /** The device gave the wrong answer (an assertion failed): FAILED with error type {@code failure}. */
    public static TestFinished failed(Instant at, Case test, String message, String detail, Duration took) {
        return of(at, test, Outcome.FAILED, message, "failure", detail, took);
    }

    /** The case was not run or was aborted (disabled, an assumption failed, Unity's IGNORE). */
    public static TestFinished skipped(Instant at, Case test, String reason, Duration took) {
        return of(at, test, Outcome.SKIPPED, reason, null, null, took);
    }

    /**
     * The case could not give a verdict: the lab, the harness or the test itself failed, or the group could not
     * be prepared or started (then {@code took} is zero and the log is the group's).
     *
     * @param errorType an infrastructure error type, {@code test-exception} or {@code internal}
     */
    public static TestFinished error(Instant at, Case test, String message, String errorType, String detail,
                                     Duration took) {
        return of(at, test, Outcome.ERROR, message, errorType, detail, took);
    }

    private static TestFinished of(Instant at, Case test, Outcome outcome, String message, String errorType,
                                   String detail, Duration took) {
        return new TestFinished(at, test.device(), test.group(), test.name(), test.name(), test.className(), outcome,
                message, errorType, limit(detail), took.toMillis(), 1, test.log(), Map.of());
    }

    /** This result as the {@code attempt}-th run of its group gave it. */
    public TestFinished withAttempt(int attempt) {
        return new TestFinished(at, device, group, testId, name, className, outcome, message, errorType, detail,
                durationMs, attempt, log, properties);
    }

    private static String limit(String detail) {
        return detail == null || detail.length() <= DETAIL_LIMIT ? detail : detail.substring(0, DETAIL_LIMIT) + "\n[...]";
    }

    /** The {@code attempts} filter: one attempt is the default and is left out of the journal line. */
    static final class OneAttempt {
        @Override
        public boolean equals(Object value) {
            return value instanceof Integer i && i <= 1;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
