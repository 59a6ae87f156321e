package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.util.Map;

/**
 * A job execution as the device last reported it.
 *
 * @param status        {@code QUEUED}, {@code IN_PROGRESS}, {@code SUCCEEDED}, {@code FAILED}, {@code REJECTED},
 *                      {@code CANCELED}, {@code TIMED_OUT} or {@code REMOVED}
 * @param statusDetails the device's {@code statusDetails}, e.g. {@code self_test=ready}, {@code reason=...}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record OtaJobStatus(String status, Map<String, String> statusDetails) {
    public OtaJobStatus {
        statusDetails = Map.copyOf(statusDetails);
    }

    /** Whether no further update can change it. */
    public boolean terminal() {
        return !status.equals("QUEUED") && !status.equals("IN_PROGRESS");
    }
}
