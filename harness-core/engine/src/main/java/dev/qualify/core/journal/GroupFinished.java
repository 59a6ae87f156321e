package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.Objects;

/**
 * A group ended on a device, however it went; the device has been powered down and released.
 *
 * @param at         when it happened
 * @param device     the device's id
 * @param group      the group's id
 * @param durationMs how long the group took, preparation included
 */
@JsonTypeName("group-finished")
public record GroupFinished(Instant at, String device, String group, long durationMs) implements JournalEvent {
    public GroupFinished {
        Objects.requireNonNull(at, "at");
    }
}
