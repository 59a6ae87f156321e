package dev.qualify.core.engine;

import dev.qualify.api.device.Device;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.core.journal.DeviceQuarantined;
import dev.qualify.core.journal.Note;

import java.time.Clock;
import java.util.List;

/**
 * Journals the {@link Scheduler}'s retry decisions, so the reports say them: a rerun as a {@link Note}, a device
 * taken out of the pool as {@link DeviceQuarantined} (also shown live through the {@link ProgressListener}).
 */
final class RetryEvents implements Scheduler.Events {
    private final RunJournal journal;
    private final Clock clock;
    private final ProgressListener progress;
    private final RetryPolicy policy;
    private volatile String lastOut;

    RetryEvents(RunJournal journal, Clock clock, ProgressListener progress, RetryPolicy policy) {
        this.journal = journal;
        this.clock = clock;
        this.progress = progress;
        this.policy = policy;
    }

    @Override
    public void retrying(List<GroupDescriptor> groups, Device device, int attempt) {
        journal.append(new Note(clock.instant(), String.join(", ", groups.stream().map(GroupDescriptor::id).toList())
                + " ended in ERROR on " + device.id() + ": running " + (groups.size() == 1 ? "it" : "them")
                + " again (attempt " + attempt + " of " + policy.maxAttempts() + ", --retries " + policy.retries() + ")"));
    }

    @Override
    public void quarantined(Device device, String reason) {
        lastOut = device.id();
        DeviceQuarantined event = new DeviceQuarantined(clock.instant(), device.id(), reason);
        journal.append(event);
        progress.deviceQuarantined(event);
    }

    /** The device taken out last, or null. */
    String lastQuarantined() {
        return lastOut;
    }

    /** The reason given to groups that got no device. */
    static String noDeviceLeft() {
        return "every device of the pool was taken out of service after repeated errors (see the run's notes)";
    }
}
