package dev.qualify.cloud.greengrass;

import dev.qualify.cloud.jobs.JobExecution;

import java.util.Map;

/**
 * One core device's execution of a deployment, as its nucleus reported it: for a thing-group deployment the IoT
 * job execution's, for a thing deployment what the nucleus wrote in the reported section of the
 * {@code AWSManagedGreengrassV2Deployment} shadow (kept in {@code greengrass/state.json}).
 *
 * @param status        {@code QUEUED}, {@code IN_PROGRESS}, {@code SUCCEEDED}, {@code FAILED}, {@code REJECTED},
 *                      {@code CANCELED}, {@code TIMED_OUT}...
 * @param statusDetails as the nucleus sent them (job: {@code detailed-deployment-status}, {@code deployment-failure-cause};
 *                      shadow: {@code detailedStatus}, {@code failureCause})
 * @param queuedAt      epoch seconds the cloud delivered it
 * @param lastUpdatedAt epoch seconds of the last change
 */
public record DeviceExecution(String deploymentId, String thingName, String status, Map<String, String> statusDetails, long queuedAt,
                              long lastUpdatedAt) {
    public DeviceExecution {
        statusDetails = statusDetails == null ? Map.of() : Map.copyOf(statusDetails);
    }

    /** A job execution's view. */
    public static DeviceExecution of(JobExecution e) {
        return new DeviceExecution(e.jobId(), e.thingName(), e.status().name(), e.statusDetails(), e.queuedAt(), e.lastUpdatedAt());
    }

    /** The failure cause the nucleus reported, if any (either key). */
    public String failureCause() {
        String c = statusDetails.get("deployment-failure-cause");
        return c != null ? c : statusDetails.get("failureCause");
    }

    boolean isTerminal() {
        return !status.equals("QUEUED") && !status.equals("IN_PROGRESS");
    }

    DeviceExecution with(String newStatus, Map<String, String> details, long now) {
        return new DeviceExecution(deploymentId, thingName, newStatus, details, queuedAt, now);
    }
}
