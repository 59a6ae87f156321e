package dev.qualify.api.device;

import org.apiguardian.api.API;

import java.time.Duration;

/**
 * What a command did. {@code exitCode} is -1 when it was killed at its deadline ({@code timedOut}).
 *
 * @param stdout standard output, decoded as UTF-8 (bounded; the full output is in the log)
 * @param stderr standard error, kept apart from stdout where the driver can
 */
@API(status = API.Status.STABLE, since = "0.1")
public record CommandResult(int exitCode, String stdout, String stderr, Duration duration, boolean timedOut) {
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
