package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.util.Optional;

/**
 * OTA updates in a cloud that offers them (the emulated cloud does): a file served to a thing over MQTT streams,
 * announced by an IoT Jobs job whose document has the {@code afr_ota} shape the AWS IoT OTA library parses. Reach
 * it with {@code cloud.unwrap(OtaUpdates.class)}.
 *
 * <p>Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public interface OtaUpdates {

    /**
     * Serves the update's file and queues its job for the thing (the device is notified on
     * {@code $aws/things/<thing>/jobs/notify-next}).
     *
     * @throws IllegalArgumentException for a job id in use or a malformed update
     */
    void create(OtaUpdate update);

    /** The job's execution on the thing, or empty when there is none. */
    Optional<OtaJobStatus> status(String jobId, String thingName);

    /** How many file blocks the cloud has sent for the job so far (MQTT stream data messages). */
    int blocksServed(String jobId);

    /** How many HTTP requests for the job's file were refused because their pre-signed URL had expired. */
    int expiredUrlRequests(String jobId);

    /** Cancels the job: its executions that are not terminal become {@code CANCELED}, as IoT Jobs does. */
    void cancel(String jobId);
}
