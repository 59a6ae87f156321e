package dev.qualify.cloud.jobs;

/** Status of a job execution on one thing, as in IoT Core. */
public enum JobExecutionStatus {
    QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED, CANCELED;

    public boolean isTerminal() {
        return this != QUEUED && this != IN_PROGRESS;
    }

    /** Statuses a device may set with {@code update}. */
    public boolean isSettableByDevice() {
        return this == IN_PROGRESS || this == SUCCEEDED || this == FAILED || this == REJECTED;
    }
}
