package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.Objects;

/**
 * The last event of a run that ended in an orderly way (also after an interruption). A journal without it belongs
 * to a run whose process died.
 *
 * @param at          when it happened
 * @param exitCode    the run's exit code ({@link dev.qualify.api.report.ExitCodes})
 * @param interrupted whether the run was stopped before every group ran
 */
@JsonTypeName("run-finished")
public record RunFinished(Instant at, int exitCode, boolean interrupted) implements JournalEvent {
    public RunFinished {
        Objects.requireNonNull(at, "at");
    }
}
