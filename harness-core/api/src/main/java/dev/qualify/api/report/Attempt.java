package dev.qualify.api.report;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Objects;

/**
 * One run of a test case when its group was run more than once ({@code qualify run --retries N}): the group's
 * cases ended in ERROR, so the group ran again, possibly on another device.
 *
 * @param number    1 for the first run, then 2, 3, ...
 * @param outcome   what this run gave; never null
 * @param message   why it did not pass; null when it passed
 * @param errorType the failure or infrastructure kind ({@link TestResult#errorType()}); null when it passed
 * @param detail    device lines or a stack trace; may be null
 * @param deviceId  the device this run was on
 * @param duration  how long it took; never null
 * @param logPath   its log, relative to the run directory with '/' separators; may be null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Attempt(int number, Outcome outcome, String message, String errorType, String detail, String deviceId,
                      Duration duration, String logPath) {
    public Attempt {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
        if (number < 1) throw new IllegalArgumentException("attempt numbers start at 1: " + number);
    }
}
