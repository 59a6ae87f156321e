package dev.qualify.cloud.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.api.cloud.OtaJobStatus;
import dev.qualify.api.cloud.OtaUpdate;
import dev.qualify.api.cloud.OtaUpdates;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.jobs.JobOptions;
import dev.qualify.cloud.jobs.JobsService;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OTA updates on the emulated cloud, as AWS IoT's {@code CreateOTAUpdate} sets them up: the file on an MQTT stream
 * named {@code AFR_OTA-<jobId>} (file id 0) and a job whose document is the one the OTA library's job parser reads:
 * <pre>{@code {"afr_ota":{"protocols":["MQTT"],"streamname":"AFR_OTA-...","files":[{"filepath":"...",
 *   "filesize":N,"fileid":0,"certfile":"...","fileType":0,"sig-sha256-ecdsa":"<base64 DER>"}]}}}</pre>
 * An HTTP update has {@code "protocols":["HTTP"]} and, in its file, {@code update_data_url} (a pre-signed URL of
 * the {@link OtaFileServer}, signed afresh each time the document is sent, as IoT Jobs does with its
 * {@code ${aws:iot:s3-presigned-url:...}} placeholder) and {@code "auth_scheme":"aws.s3.presigned"}.
 * Status transitions and cancellation are those of {@link JobsService}.
 */
public final class OtaService implements OtaUpdates, AutoCloseable {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The prefix AWS IoT gives OTA stream names and job ids. */
    public static final String STREAM_PREFIX = "AFR_OTA-";

    /** The placeholder IoT Jobs replaces with a freshly pre-signed URL each time it sends the document. */
    static final Pattern PRESIGNED = Pattern.compile("\\$\\{aws:iot:s3-presigned-url:https://[^/]+/ota/([A-Za-z0-9_-]+)}");

    private final JobsService jobs;
    private final StreamService streams;
    private final IssuedCertificate httpsCertificate;
    private final Consumer<String> disconnector;
    private OtaFileServer http;

    /**
     * @param httpsCertificate the certificate of the HTTPS file server (started with the first HTTP update)
     * @param disconnector     drops a device's MQTT connection, by client id
     */
    public OtaService(JobsService jobs, StreamService streams, IssuedCertificate httpsCertificate,
                      Consumer<String> disconnector) {
        this.jobs = jobs;
        this.streams = streams;
        this.httpsCertificate = httpsCertificate;
        this.disconnector = disconnector;
        jobs.renderDocuments(this::presign);
    }

    @Override
    public void create(OtaUpdate update) {
        String stream = STREAM_PREFIX + update.jobId();
        if (update.protocol().equals("HTTP")) {
            http().host(update.jobId(), update.file(), update.urlLifetime(), update.blockDelay(),
                    update.dropConnectionAfterBlocks(), update.thingName());
        } else {
            streams.addStream(stream, Map.of(0, update.file()), update.dropConnectionAfterBlocks());
        }
        jobs.createJob(update.jobId(), document(update, stream, update.protocol().equals("HTTP") ? http().port() : 0),
                List.of(update.thingName()), JobOptions.DEFAULT);
    }

    /** The HTTPS file server, started on first use. */
    public synchronized OtaFileServer http() {
        if (http == null) http = new OtaFileServer(httpsCertificate, disconnector);
        return http;
    }

    /** A job document as sent: each pre-signed URL placeholder replaced by a URL signed now. */
    private JsonNode presign(JsonNode doc) {
        for (JsonNode f : doc.path("afr_ota").path("files")) {
            Matcher m = PRESIGNED.matcher(f.path("update_data_url").asText(""));
            if (m.matches() && f instanceof ObjectNode o) o.put("update_data_url", http().presign(m.group(1)));
        }
        return doc;
    }

    /** The job document of an update served on {@code stream} (MQTT) or by the file server on {@code httpsPort}. */
    static ObjectNode document(OtaUpdate update, String stream, int httpsPort) {
        ObjectNode doc = F.objectNode();
        ObjectNode ota = doc.putObject("afr_ota");
        boolean http = update.protocol().equals("HTTP");
        ota.putArray("protocols").add(update.protocol());
        if (!http) ota.put("streamname", stream);
        ObjectNode file = ota.putArray("files").addObject();
        file.put("filepath", update.filePath());
        file.put("filesize", update.file().length);
        file.put("fileid", 0);
        file.put("certfile", update.certFile());
        file.put("fileType", 0);
        if (http) {
            file.put("update_data_url", "${aws:iot:s3-presigned-url:https://127.0.0.1:" + httpsPort + "/ota/" + update.jobId() + "}");
            file.put("auth_scheme", "aws.s3.presigned");
        }
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
        int http;
        synchronized (this) {
            http = this.http == null ? 0 : this.http.blocksServed(jobId);
        }
        return streams.blocksServed(STREAM_PREFIX + jobId) + http;
    }

    @Override
    public void cancel(String jobId) {
        jobs.cancelJob(jobId);
    }

    @Override
    public synchronized int expiredUrlRequests(String jobId) {
        return http == null ? 0 : http.expiredRequests(jobId);
    }

    @Override
    public synchronized void close() {
        if (http != null) http.close();
    }

    /** The stream service, for its counters. */
    public StreamService streams() {
        return streams;
    }
}
