package dev.qualify.core.engine;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Tells a {@link ProgressListener} of each test that starts in one (device, group) execution, under the name its
 * result will carry: what a live view shows as a device's current test. Journals nothing.
 */
final class TestStarts implements TestExecutionListener {
    private final ProgressListener progress;
    private final String device;
    private final String group;

    TestStarts(ProgressListener progress, String device, String group) {
        this.progress = progress;
        this.device = device;
        this.group = group;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest()) progress.testStarted(device, group, JournalListener.name(id));
    }
}
