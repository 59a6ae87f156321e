package dev.qualify.cloud.ota;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.api.cloud.OtaJobStatus;
import dev.qualify.api.cloud.OtaUpdate;
import dev.qualify.api.cloud.OtaUpdates;
import dev.qualify.cloud.jobs.JobOptions;
import dev.qualify.cloud.jobs.JobsService;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OTA updates on the emulated cloud, as AWS IoT's {@code CreateOTAUpdate} sets them up: the file on an MQTT stream
 * named {@code AFR_OTA-<jobId>} (file id 0) and a job whose document is the one the OTA library's job parser reads:
 * <pre>{@code {"afr_ota":{"protocols":["MQTT"],"streamname":"AFR_OTA-...","files":[{"filepath":"...",
 *   "filesize":N,"fileid":0,"certfile":"...","fileType":0,"sig-sha256-ecdsa":"<base64 DER>"}]}}}</pre>
 * Status transitions and cancellation are those of {@link JobsService}.
 */
public final class OtaService implements OtaUpdates {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The prefix AWS IoT gives OTA stream names and job ids. */
    public static final String STREAM_PREFIX = "AFR_OTA-";

    private final JobsService jobs;
    private final StreamService streams;

    public OtaService(JobsService jobs, StreamService streams) {
        this.jobs = jobs;
        this.streams = streams;
    }

    @Override
    public void create(OtaUpdate update) {
        String stream = STREAM_PREFIX + update.jobId();
        streams.addStream(stream, Map.of(0, update.file()), update.dropConnectionAfterBlocks());
        jobs.createJob(update.jobId(), document(update, stream), List.of(update.thingName()), JobOptions.DEFAULT);
    }

    /** The job document of an update served on {@code stream}. */
    static ObjectNode document(OtaUpdate update, String stream) {
        ObjectNode doc = F.objectNode();
        ObjectNode ota = doc.putObject("afr_ota");
        ota.putArray("protocols").add("MQTT");
        ota.put("streamname", stream);
        ObjectNode file = ota.putArray("files").addObject();
        file.put("filepath", update.filePath());
        file.put("filesize", update.file().length);
        file.put("fileid", 0);
        file.put("certfile", update.certFile());
        file.put("fileType", 0);
        if (update.signatureKey() != null) {
            file.put(update.signatureKey(), Base64.getEncoder().encodeToString(update.signature()));
        }
        return doc;
    }

    @Override
    public Optional<OtaJobStatus> status(String jobId, String thingName) {
        return jobs.execution(jobId, thingName).map(e -> new OtaJobStatus(e.status().name(), e.statusDetails()));
    }

    @Override
    public int blocksServed(String jobId) {
        return streams.blocksServed(STREAM_PREFIX + jobId);
    }

    @Override
    public void cancel(String jobId) {
        jobs.cancelJob(jobId);
    }

    /** The stream service, for its counters. */
    public StreamService streams() {
        return streams;
    }
}
