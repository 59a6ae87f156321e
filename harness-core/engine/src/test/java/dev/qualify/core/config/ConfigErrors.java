package dev.qualify.core.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the config fuzz tests accept as a documented error: a {@link ConfigException} that names one of the files
 * read, a key and a problem, and whose line (when it has one) lies within that file.
 */
public final class ConfigErrors {
    private ConfigErrors() {
    }

    /**
     * @param e     the exception the loader threw
     * @param files the files the input wrote, with the bytes written to each
     */
    public static void assertLocated(ConfigException e, java.util.Map<Path, byte[]> files) {
        assertThat(e.location()).as("location of %s", e.getMessage()).isNotNull();
        assertThat(e.key()).as("key of %s", e.getMessage()).isNotBlank();
        assertThat(e.problem()).as("problem of %s", e.getMessage()).isNotBlank();
        Path file = e.location().file();
        assertThat(file).as("file of %s", e.getMessage()).isNotNull();
        assertThat(e.location().line()).as("line of %s", e.getMessage()).isNotNegative();
        assertThat(e.location().column()).as("column of %s", e.getMessage()).isNotNegative();
        byte[] content = files.get(file);
        if (content != null && e.location().line() > 0) {
            long lines = new String(content, StandardCharsets.UTF_8).lines().count();
            assertThat((long) e.location().line()).as("line of %s in a file of %d lines", e.getMessage(), lines)
                    .isLessThanOrEqualTo(lines + 1);
        }
    }
}
