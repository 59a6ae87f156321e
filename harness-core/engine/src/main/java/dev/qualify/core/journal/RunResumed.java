package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The run goes on after its process died (or was interrupted) with {@code qualify run --resume}: the groups that
 * finished before are kept, every event of a group that had started and not finished is void from here on (the
 * group runs again), and the run appends to the same journal until its {@link RunFinished}.
 *
 * @param at     when it happened
 * @param runId  the run's id
 * @param kept   the groups that had finished, kept as they are
 * @param rerun  the groups that had started and not finished (cut off), run again
 * @param toRun  every group that runs now: the cut-off ones and those not reached, in order
 */
@JsonTypeName("run-resumed")
public record RunResumed(Instant at, String runId, List<String> kept, List<String> rerun, List<String> toRun)
        implements JournalEvent {
    public RunResumed {
        Objects.requireNonNull(at, "at");
        kept = kept == null ? List.of() : List.copyOf(kept);
        rerun = rerun == null ? List.of() : List.copyOf(rerun);
        toRun = toRun == null ? List.of() : List.copyOf(toRun);
    }
}
