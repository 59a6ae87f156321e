package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.Objects;

/**
 * A device was taken out of the pool for the rest of the run because groups on it kept ending in ERROR
 * ({@code --retries}); no group is handed to it afterwards.
 *
 * @param at     when it happened
 * @param device the device's id
 * @param reason why, for a person (e.g. {@code 2 runs of groups on it ended in ERROR: ...})
 */
@JsonTypeName("device-quarantined")
public record DeviceQuarantined(Instant at, String device, String reason) implements JournalEvent {
    public DeviceQuarantined {
        Objects.requireNonNull(at, "at");
    }
}
