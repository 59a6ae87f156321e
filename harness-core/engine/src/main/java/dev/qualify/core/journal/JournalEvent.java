package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * One line of the run journal. On disk each event is a JSON object whose {@code event} property names its type
 * ({@code run-started}, {@code group-started}, {@code device-prepared}, {@code phase-finished}, {@code test-finished},
 * {@code group-finished}, {@code device-quarantined}, {@code note}, {@code run-finished}, {@code run-resumed}), followed by {@code at} (ISO-8601) and the record's
 * components under their own names; components that are null are left out. The names are a file format that
 * journals of earlier runs are read back with, so they do not change; a later version adds types and fields
 * rather than renaming them, and a reader skips types and fields it does not know.
 *
 * <p>The same records are what {@link dev.qualify.core.engine.ProgressListener progress listeners} receive and what
 * {@link dev.qualify.core.engine.ReportBuilder} builds a report from.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event")
@JsonSubTypes({
        @JsonSubTypes.Type(RunStarted.class),
        @JsonSubTypes.Type(GroupStarted.class),
        @JsonSubTypes.Type(DevicePrepared.class),
        @JsonSubTypes.Type(PhaseFinished.class),
        @JsonSubTypes.Type(TestFinished.class),
        @JsonSubTypes.Type(GroupFinished.class),
        @JsonSubTypes.Type(DeviceQuarantined.class),
        @JsonSubTypes.Type(Note.class),
        @JsonSubTypes.Type(RunFinished.class),
        @JsonSubTypes.Type(RunResumed.class)
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface JournalEvent
        permits RunStarted, GroupStarted, DevicePrepared, PhaseFinished, TestFinished, GroupFinished, DeviceQuarantined,
                Note, RunFinished, RunResumed {

    /** When the event happened; never null. */
    Instant at();
}
