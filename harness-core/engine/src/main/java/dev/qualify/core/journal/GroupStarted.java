package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.Objects;

/**
 * A group started on a device: the device is leased and about to be prepared for it.
 *
 * @param at       when it happened
 * @param device   the device's id
 * @param group    the group's id
 * @param title    the group's title
 * @param required whether the group counts towards qualification
 */
@JsonTypeName("group-started")
public record GroupStarted(Instant at, String device, String group, String title, boolean required)
        implements JournalEvent {
    public GroupStarted {
        Objects.requireNonNull(at, "at");
    }
}
