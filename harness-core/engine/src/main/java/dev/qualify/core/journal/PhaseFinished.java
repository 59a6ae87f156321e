package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.Objects;

/**
 * One preparation phase of a group on a device ended (build, build-wait, flash, power, boot, release: the
 * {@link dev.qualify.api.report.PhaseSpan} phases), whether it worked or not. The reports draw the device's
 * timeline from these events and the test results.
 *
 * @param at         when the phase ended; it started {@code durationMs} earlier
 * @param device     the device's id
 * @param group      the group's id
 * @param phase      which phase
 * @param durationMs how long it took
 * @param errorType  the infrastructure error type when the phase failed; null when it worked
 */
@JsonTypeName("phase-finished")
public record PhaseFinished(Instant at, String device, String group, String phase, long durationMs, String errorType)
        implements JournalEvent {
    public PhaseFinished {
        Objects.requireNonNull(at, "at");
    }
}
