package dev.qualify.core.engine;

import dev.qualify.core.journal.GroupFinished;
import dev.qualify.core.journal.GroupStarted;
import dev.qualify.core.journal.RunStarted;
import dev.qualify.core.journal.TestFinished;

/**
 * Live view of a run. Each method receives the journal event it is named after, after that event was journaled.
 * Called from device threads, so implementations are thread-safe.
 */
public interface ProgressListener {
    void runStarted(RunStarted run);

    void groupStarted(GroupStarted group);

    /**
     * A test case began on a device, before its result; not journaled. The name is the one its result will carry.
     * Default: nothing.
     *
     * @param device the device's id
     * @param group  the group's id
     * @param test   the case's name
     */
    default void testStarted(String device, String group, String test) {
    }

    void testFinished(TestFinished test);

    void groupFinished(GroupFinished group);

    /** Shows nothing. */
    ProgressListener NONE = new ProgressListener() {
        @Override public void runStarted(RunStarted run) { }
        @Override public void groupStarted(GroupStarted group) { }
        @Override public void testFinished(TestFinished test) { }
        @Override public void groupFinished(GroupFinished group) { }
    };
}
