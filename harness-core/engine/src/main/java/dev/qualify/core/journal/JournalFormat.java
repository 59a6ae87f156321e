package dev.qualify.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.Optional;

/**
 * The journal's line format: a {@link JournalEvent} as one line of JSON and back. {@code at} is written as an
 * ISO-8601 instant, nulls are left out, and reading is lenient the way an older reader of a newer journal must be:
 * fields it does not know are ignored and an event type it does not know gives no event.
 */
public final class JournalFormat {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
            .build();
    private static final ObjectWriter WRITER = JSON.writerFor(JournalEvent.class);
    private static final ObjectReader READER = JSON.readerFor(JournalEvent.class);

    private JournalFormat() {
    }

    /** The event as one line of JSON, without the line break. */
    public static String write(JournalEvent event) {
        try {
            return WRITER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            // the records hold strings, numbers, booleans and plain maps and lists of them
            throw new IllegalArgumentException("cannot write journal event " + event + ": " + e.getMessage(), e);
        }
    }

    /**
     * The event of one journal line, or empty when the line names an event type this version does not know.
     *
     * @throws JsonProcessingException when the line is not a whole event (cut by a crash mid-write, or not JSON)
     */
    public static Optional<JournalEvent> read(String line) throws JsonProcessingException {
        return Optional.ofNullable(READER.readValue(line));
    }
}
