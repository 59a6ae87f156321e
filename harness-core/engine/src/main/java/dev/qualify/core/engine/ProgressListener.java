package dev.qualify.core.engine;

import dev.qualify.core.config.PoolSpec;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;

import java.util.List;
import java.util.Map;

/** Live view of a run; called from device threads, so implementations are thread-safe. */
public interface ProgressListener {
    void runStarted(String runId, QualificationSuite suite, PoolSpec pool, List<GroupDescriptor> groups);

    void groupStarted(String deviceId, GroupDescriptor group);

    /** @param test the journal fields of the finished test */
    void testFinished(Map<String, Object> test);

    void groupFinished(String deviceId, GroupDescriptor group, long durationMs);

    ProgressListener NONE = new ProgressListener() {
        @Override public void runStarted(String runId, QualificationSuite suite, PoolSpec pool, List<GroupDescriptor> groups) { }
        @Override public void groupStarted(String deviceId, GroupDescriptor group) { }
        @Override public void testFinished(Map<String, Object> test) { }
        @Override public void groupFinished(String deviceId, GroupDescriptor group, long durationMs) { }
    };
}
