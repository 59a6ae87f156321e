package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.Objects;

/**
 * A device was brought to what a group needs (built, flashed, powered, handshaken) and the group's tests start.
 *
 * @param at         when it happened
 * @param device     the device's id
 * @param group      the group's id
 * @param what       what preparing it did, for a person (e.g. {@code image d81b169d42d4 (built), flashed})
 * @param durationMs how long preparing took
 */
@JsonTypeName("device-prepared")
public record DevicePrepared(Instant at, String device, String group, String what, long durationMs)
        implements JournalEvent {
    public DevicePrepared {
        Objects.requireNonNull(at, "at");
    }
}
