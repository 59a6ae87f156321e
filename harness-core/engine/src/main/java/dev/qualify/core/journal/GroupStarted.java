package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param attempt  which run of the group this is: 1, or 2, 3, ... when it is run again after its cases ended in
 *                 ERROR ({@code --retries}); written only when above 1, and an older journal without it reads as 1.
 *                 The {@link TestFinished} events of this run carry the same number in their {@code attempts}.
 */
@JsonTypeName("group-started")
public record GroupStarted(Instant at, String device, String group, String title, boolean required,
                           @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = TestFinished.OneAttempt.class)
                           int attempt)
        implements JournalEvent {
    @JsonCreator
    public GroupStarted {
        Objects.requireNonNull(at, "at");
        attempt = Math.max(1, attempt);
    }

    /** The first run of a group. */
    public GroupStarted(Instant at, String device, String group, String title, boolean required) {
        this(at, device, group, title, required, 1);
    }
}
