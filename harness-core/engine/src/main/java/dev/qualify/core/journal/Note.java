package dev.qualify.core.journal;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a person reading the report should know that is no test's result (a group not run and why, an
 * interruption, an internal error).
 *
 * @param at   when it happened
 * @param text one sentence, shown as it is
 */
@JsonTypeName("note")
public record Note(Instant at, String text) implements JournalEvent {
    public Note {
        Objects.requireNonNull(at, "at");
    }
}
