package dev.qualify.core.engine;

import java.util.Set;
import java.util.TreeSet;

/**
 * What one run of one group on one device gave, as far as retrying and quarantine need to know.
 *
 * @param errors     how many of its results were ERROR
 * @param errorTypes the error types of those results (e.g. {@code port-gone}, {@code flash-failed})
 */
public record GroupAttempt(int errors, Set<String> errorTypes) {
    /** A run without errors. */
    public static final GroupAttempt CLEAN = new GroupAttempt(0, Set.of());

    public GroupAttempt {
        errorTypes = Set.copyOf(new TreeSet<>(errorTypes));
    }

    public boolean errored() {
        return errors > 0;
    }
}
