package dev.qualify.samples.virtualboard.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.qualify.samples.virtualboard.FirmwareImage;
import dev.qualify.samples.virtualboard.ImageException;
import dev.qualify.samples.virtualboard.Macros;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * FLIT's {@code RunOtaE2eDemo()} on the virtual board: the OTA agent of the AWS IoT OTA library over MQTT.
 *
 * <p>It prints {@code OTA over MQTT demo, Application version X.Y.Z}, connects to {@code MQTT_SERVER_ENDPOINT}
 * as {@code IOT_THING_NAME}, subscribes to {@code jobs/notify-next} and asks {@code jobs/$next/get}. For an
 * {@code afr_ota} job it downloads file 0 of {@code streamname} in blocks over
 * {@code streams/<stream>/get/cbor} (a CBOR bitmap of the blocks it still lacks, re-requested when they do not
 * come and after a reconnect) or, for an HTTP job, with one range request per block against
 * {@code update_data_url} ({@link HttpBlocks}; a 403 makes it ask for the job document again, which carries a
 * freshly pre-signed URL), verifies the whole file's signature ({@code sig-sha256-ecdsa} or
 * {@code sig-sha256-rsa}, by {@code OTA_PAL_TEST_CERT_TYPE}) with {@code OTA_PAL_CODE_SIGNER_CERTIFICATE}, reports
 * {@code self_test: ready} and activates the image through {@link OtaImageSlots}: the board reboots into it. The new
 * image's agent finds its job in self-test and accepts it (SUCCEEDED) when its version is newer than
 * {@code updatedBy}, or rejects it (FAILED) and rolls back. An image that cannot connect, or that boots a second time
 * without being accepted, is rolled back too. A job canceled during the download is aborted. {@link OtaFaults}
 * break one of these rules each.
 */
public final class OtaAgent {
    /** Block size the agent asks for (the OTA library's {@code OTA_FILE_BLOCK_SIZE}, here 2^10). */
    static final int BLOCK_SIZE = 1024;
    /** Blocks asked for in one request ({@code otaconfigMAX_NUM_BLOCKS_REQUEST}). */
    static final int BLOCKS_PER_REQUEST = 4;
    /** How long the agent waits for a requested block before asking again ({@code otaconfigFILE_REQUEST_WAIT_MS}). */
    static final long REQUEST_WAIT_MS = 2000;
    /** How often it reports progress ({@code otaconfigOTA_UPDATE_STATUS_FREQUENCY}). */
    static final int STATUS_FREQUENCY = 64;
    private static final int CONNECT_ATTEMPTS = 4;
    /**
     * The first wait between connect attempts at start-up, doubled after each (an image in self-test that cannot
     * connect is rolled back after {@value #CONNECT_ATTEMPTS} attempts, 0.7 s of waits); a reconnect during a download
     * waits longer (500 ms first), so a job canceled meanwhile is canceled while the device is away.
     */
    private static final long SELF_TEST_BACKOFF_MS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();

    /** Where the agent prints; a reset interrupts it. */
    @FunctionalInterface
    public interface Log {
        void line(String text) throws InterruptedException;
    }

    private record Event(String topic, byte[] payload) {
        static final Event DISCONNECTED = new Event(null, null);
        /** Fetch the next block of an HTTP download (one per turn of the loop, so job messages interleave). */
        static final Event HTTP_NEXT = new Event(null, null);
    }

    private final Macros macros;
    private final OtaImageSlots slots;
    private final Log log;
    private final AppVersion version;
    private final String thing;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final OtaFaults faults = OtaFaults.current();
    private DeviceMqtt mqtt;
    private HttpBlocks http;
    private Download download;
    /** An HTTP download waits for a fresh pre-signed URL (its URL got a 403). */
    private boolean awaitingUrl;

    public OtaAgent(Macros macros, Path flash, Log log) {
        this.macros = macros;
        this.slots = new OtaImageSlots(flash);
        this.log = log;
        this.version = AppVersion.of(macros);
        String t = macros.get("IOT_THING_NAME");
        this.thing = t == null ? "qualify-virtual-board" : t;
    }

    /**
     * Runs the agent until the board must reboot (a new image activated, rejected or rolled back).
     *
     * @return normally never; {@code true} when the board is to reboot
     */
    public boolean run() throws InterruptedException {
        log.line("OTA over MQTT demo, Application version " + version);
        try {
            var pending = slots.pending();
            if (pending.isPresent()) {
                int boots = slots.countBoot();
                if (boots > 1) { // the boot loader, not the application: --ota-no-rollback does not change it
                    log.line("Boot loader: the image of job " + pending.get().jobId() + " booted " + boots
                            + " times without being accepted; rolling back to the previous image");
                    slots.rollBack();
                    return true;
                }
                log.line("The image is in self-test (job " + pending.get().jobId() + ", boot " + boots + ")");
            }
            if (macros.integer("QUALIFY_OTA_CRASH_ON_BOOT", 0) == 1) {
                log.line("HardFault: the application crashed during start-up (QUALIFY_OTA_CRASH_ON_BOOT); resetting");
                Thread.sleep(100);
                return true;
            }
            if (!connectForSelfTest(pending.isPresent())) return true;
            subscribeJobs();
            while (true) {
                Event e = events.poll(REQUEST_WAIT_MS, TimeUnit.MILLISECONDS);
                try {
                    if (handle(e)) return true;
                } catch (IOException x) { // a publish or subscribe that failed: go on once connected again
                    log.line("OTA agent: " + x.getMessage());
                    if (!mqtt.connected()) events.add(Event.DISCONNECTED);
                }
            }
        } catch (IOException e) {
            log.line("OTA agent stopped: " + e.getMessage());
            return false;
        } finally {
            if (mqtt != null) mqtt.close();
        }
    }

    /** One event of the agent's loop (null: the wait for a block timed out); true when the board must reboot. */
    private boolean handle(Event e) throws IOException, InterruptedException {
        if (e == null) {
            if (download != null && download.url() == null) request("no block for " + REQUEST_WAIT_MS + " ms");
            if (download != null && download.url() != null) {
                if (awaitingUrl) askForJob();
                else events.add(Event.HTTP_NEXT);
            }
            return false;
        }
        if (e == Event.DISCONNECTED) return reconnect();
        if (e == Event.HTTP_NEXT) return download != null && download.url() != null && !awaitingUrl && httpBlock();
        if (e.topic().endsWith("/jobs/notify-next") || e.topic().endsWith("/jobs/$next/get/accepted")) {
            return onJob(JSON.readTree(e.payload()));
        }
        if (download != null && e.topic().equals(download.dataTopic())) return onBlock(e.payload());
        return false;
    }

    /** Connects; an image in self-test that cannot is rejected and rolled back. Returns false to reboot. */
    private boolean connectForSelfTest(boolean selfTest) throws InterruptedException, IOException {
        try {
            mqtt = new DeviceMqtt(macros.get("MQTT_SERVER_ENDPOINT"), (int) macros.integer("MQTT_SERVER_PORT", 8883),
                    thing, macros.get("IOT_CORE_ROOT_CA"), macros.get("MQTT_CLIENT_CERTIFICATE"),
                    macros.get("MQTT_CLIENT_PRIVATE_KEY"), (t, p) -> events.add(new Event(t, p)),
                    () -> events.add(Event.DISCONNECTED));
        } catch (GeneralSecurityException e) {
            log.line("MQTT credentials unusable: " + e.getMessage());
            return selfTestFailed(selfTest, "MQTT credentials unusable");
        }
        long backoff = SELF_TEST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                mqtt.connect();
                log.line("Connected to " + macros.get("MQTT_SERVER_ENDPOINT") + ":" + macros.integer("MQTT_SERVER_PORT", 8883)
                        + " as " + thing);
                return true;
            } catch (IOException e) {
                log.line("MQTT connect attempt " + attempt + " failed: " + e.getMessage());
                if (selfTest && attempt >= CONNECT_ATTEMPTS && !faults.noRollback()) {
                    return selfTestFailed(true, "cannot connect after " + attempt + " attempts");
                }
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 8000);
        }
    }

    private boolean selfTestFailed(boolean selfTest, String why) throws InterruptedException, IOException {
        if (!selfTest || faults.noRollback()) {
            log.line("The OTA agent cannot run: " + why);
            while (true) Thread.sleep(60_000); // idles until a reset
        }
        log.line("Self-test failed: " + why + "; rejecting the new image and rolling back");
        slots.rollBack();
        return false;
    }

    private void subscribeJobs() throws IOException, InterruptedException {
        mqtt.subscribe("$aws/things/" + thing + "/jobs/notify-next");
        mqtt.subscribe("$aws/things/" + thing + "/jobs/$next/get/accepted");
        log.line("Subscribed to MQTT topic: $aws/things/" + thing + "/jobs/notify-next"); // the OTA library's words
        if (download != null && download.url() == null) mqtt.subscribe(download.dataTopic());
        askForJob();
    }

    /** {@code jobs/$next/get}: the next job's document (with a freshly signed URL for an HTTP file). */
    private void askForJob() throws IOException {
        ObjectNode get = JSON.createObjectNode().put("clientToken", "0:" + thing);
        mqtt.publish("$aws/things/" + thing + "/jobs/$next/get", JSON.writeValueAsBytes(get));
    }

    /** After a lost connection: reconnect, subscribe again and resume (or, with noResume, give the download up). */
    private boolean reconnect() throws InterruptedException, IOException {
        if (mqtt.connected()) return false;
        log.line("MQTT connection lost" + (download == null ? "" : " during the download of job " + download.job().jobId()
                + " (" + download.received() + "/" + download.blocks() + " blocks)"));
        long backoff = 500;
        while (true) {
            Thread.sleep(backoff);
            try {
                mqtt.connect();
                break;
            } catch (IOException e) {
                log.line("MQTT reconnect failed: " + e.getMessage());
                backoff = Math.min(backoff * 2, 8000);
            }
        }
        events.removeIf(e -> e == Event.DISCONNECTED);
        log.line("Reconnected to the broker");
        if (download != null && faults.noResume()) {
            log.line("Download of job " + download.job().jobId() + " abandoned after the disconnect");
            publishStatus(download.job().jobId(), OtaStatus.failed(OtaStatus.ERR_USER_ABORT, 0));
            slots.abort();
            download = null;
        }
        subscribeJobs();
        if (download != null && download.url() == null) request("resuming after the reconnect");
        if (download != null && download.url() != null) events.add(Event.HTTP_NEXT);
        return false;
    }

    private boolean onJob(JsonNode message) throws IOException, InterruptedException {
        var parsed = OtaJob.of(message);
        if (parsed.isEmpty()) {
            if (download != null) {
                log.line("OTA job " + download.job().jobId() + " is no longer pending (canceled): aborting the download");
                abortDownload();
            } else {
                log.line("No OTA job pending");
            }
            return false;
        }
        OtaJob job = parsed.get();
        if (!job.ota()) {
            log.line("Job " + job.jobId() + " is not an OTA job (no afr_ota); ignored");
            return false;
        }
        if (job.inSelfTest()) return selfTest(job);
        if (download != null && download.job().jobId().equals(job.jobId())) { // the job we are on
            if (download.url() != null && job.url() != null && !job.url().equals(download.url())) {
                download.url(job.url());
                if (awaitingUrl) log.line("Received a fresh pre-signed URL for job " + job.jobId() + "; resuming");
                awaitingUrl = false;
                events.add(Event.HTTP_NEXT);
            }
            return false;
        }
        if (download != null) {
            log.line("OTA job " + download.job().jobId() + " replaced by job " + job.jobId() + ": aborting its download");
            abortDownload();
        }
        return start(job);
    }

    private boolean start(OtaJob job) throws IOException, InterruptedException {
        log.line("Received OTA job " + job.jobId() + ": " + job.filePath() + " (" + job.fileSize() + " bytes)"
                + (job.streamName() == null ? "" : " on stream " + job.streamName()));
        boolean overMqtt = job.protocols().contains("MQTT") && job.streamName() != null;
        boolean overHttp = job.protocols().contains("HTTP") && job.url() != null;
        if (!overMqtt && !overHttp) {
            log.line("Job " + job.jobId() + " offers no protocol this agent speaks (" + job.protocols() + "): rejected");
            publishStatus(job.jobId(), OtaStatus.failed(OtaStatus.ERR_INVALID_DATA_PROTOCOL, 0));
            return false;
        }
        String expected = macros.integer("OTA_PAL_TEST_CERT_TYPE", 3) == 3 ? "sig-sha256-ecdsa" : "sig-sha256-rsa";
        if (!job.signatures().containsKey(expected)) {
            if (job.signatures().isEmpty() && faults.acceptUnsigned()) {
                log.line("Job " + job.jobId() + " carries no signature; downloading it anyway");
            } else {
                log.line("Job " + job.jobId() + " has no " + expected + (job.signatures().isEmpty() ? " (unsigned)"
                        : " (it has " + String.join(", ", job.signatures().keySet()) + ")") + ": job document rejected");
                publishStatus(job.jobId(), OtaStatus.failed(OtaStatus.ERR_JOB_PARSER, 0));
                return false;
            }
        }
        if (job.fileSize() <= 0) {
            log.line("Job " + job.jobId() + " has no file size: job document rejected");
            publishStatus(job.jobId(), OtaStatus.failed(OtaStatus.ERR_JOB_PARSER, 0));
            return false;
        }
        slots.create(job.fileSize());
        if (!overMqtt) {
            if (http == null) {
                try {
                    http = new HttpBlocks(macros.get("IOT_CORE_ROOT_CA"));
                } catch (GeneralSecurityException e) {
                    log.line("HTTP download impossible: " + e.getMessage());
                    publishStatus(job.jobId(), OtaStatus.failed(OtaStatus.ERR_INVALID_DATA_PROTOCOL, 0));
                    return false;
                }
            }
            download = new Download(job, "", BLOCK_SIZE);
            download.url(job.url());
            awaitingUrl = false;
            log.line("Downloading job " + job.jobId() + " over HTTP (" + job.authScheme() + ")");
            events.add(Event.HTTP_NEXT);
            return false;
        }
        download = new Download(job, "$aws/things/" + thing + "/streams/" + job.streamName() + "/data/cbor", BLOCK_SIZE);
        mqtt.subscribe(download.dataTopic());
        request("starting");
        return false;
    }

    /** One HTTP range request for the first missing block; a 403 asks for the job document (a fresh URL). */
    private boolean httpBlock() throws IOException, InterruptedException {
        int id = download.firstMissing();
        if (id < 0) return closeFile();
        long from = (long) id * BLOCK_SIZE;
        long to = Math.min(download.job().fileSize(), from + BLOCK_SIZE) - 1;
        HttpBlocks.Reply r;
        try {
            r = http.get(download.url(), from, to);
        } catch (IOException e) {
            log.line("HTTP request for block " + id + " failed: " + e.getMessage() + "; retrying");
            return false; // the next tick asks again
        }
        if (r.status() == 403) {
            log.line("HTTP 403 for block " + id + " of job " + download.job().jobId()
                    + ": the pre-signed URL expired; requesting the job document again");
            awaitingUrl = true;
            askForJob();
            return false;
        }
        if (r.status() != 206 || !download.accepts(id, r.body().length)) {
            log.line("HTTP " + r.status() + " for block " + id + " (" + r.body().length + " bytes); retrying");
            return false;
        }
        boolean reboot = accept(id, r.body());
        if (!reboot && download != null) events.add(Event.HTTP_NEXT);
        return reboot;
    }

    private void request(String why) throws IOException {
        byte[] bitmap = download.missingBitmap();
        ObjectNode r = CBOR.createObjectNode();
        r.put("c", "rdy");
        r.put("f", download.job().fileId());
        r.put("l", BLOCK_SIZE);
        r.put("o", 0);
        r.put("b", bitmap);
        r.put("n", BLOCKS_PER_REQUEST);
        String topic = "$aws/things/" + thing + "/streams/" + download.job().streamName() + "/get/cbor";
        if (mqtt.connected()) {
            try {
                mqtt.publish(topic, CBOR.writeValueAsBytes(r));
            } catch (IOException e) {
                events.add(Event.DISCONNECTED);
            }
        }
        download.requested(Math.min(BLOCKS_PER_REQUEST, download.blocks() - download.received()));
    }

    private boolean onBlock(byte[] payload) throws IOException, InterruptedException {
        JsonNode b;
        try {
            b = CBOR.readTree(payload);
        } catch (IOException e) {
            log.line("A stream message is not CBOR: " + e.getMessage());
            return false;
        }
        int id = b.path("i").asInt(-1);
        byte[] data = b.path("p").binaryValue();
        if (b.path("f").asInt(-1) != download.job().fileId() || data == null || !download.accepts(id, data.length)) {
            return false;
        }
        boolean reboot = accept(id, data);
        if (!reboot && download != null && download.outstanding() == 0) request("next blocks");
        return reboot;
    }

    /** A block arrived: written through the PAL, progress reported; the file closed when it is the last. */
    private boolean accept(int id, byte[] data) throws IOException, InterruptedException {
        Download d = download;
        slots.write((long) id * BLOCK_SIZE, data);
        int received = d.received(id);
        if (received == 1 || received % STATUS_FREQUENCY == 0) {
            try { // progress only: lost with the connection, not sent again
                mqtt.publish("$aws/things/" + thing + "/jobs/" + d.job().jobId() + "/update",
                        OtaStatus.receiving(received, d.blocks()));
            } catch (IOException x) {
                if (!mqtt.connected()) events.add(Event.DISCONNECTED);
            }
        }
        return received == d.blocks() && closeFile();
    }

    /** PAL {@code closeFile}: the signature, then the image; activate when both are good. */
    private boolean closeFile() throws IOException, InterruptedException {
        Download d = download;
        download = null;
        if (d.url() == null) mqtt.unsubscribe(d.dataTopic());
        String jobId = d.job().jobId();
        byte[] file = slots.downloaded();
        log.line("Received file of job " + jobId + ": " + file.length + " bytes in " + d.blocks() + " blocks");
        String key = macros.integer("OTA_PAL_TEST_CERT_TYPE", 3) == 3 ? "sig-sha256-ecdsa" : "sig-sha256-rsa";
        String signature = d.job().signatures().get(key);
        if (signature == null) {
            log.line("No signature to check (accepting an unsigned file)");
        } else {
            try {
                if (!OtaSignature.verify(macros, file, signature)) {
                    log.line("Signature check failed for job " + jobId + ": the file is not signed by the code signer of"
                            + " OTA_PAL_CODE_SIGNER_CERTIFICATE; rejected");
                    publishStatus(jobId, OtaStatus.failed(OtaStatus.PAL_SIGNATURE_CHECK_FAILED, 0));
                    slots.abort();
                    return false;
                }
            } catch (GeneralSecurityException e) {
                log.line("Code signer certificate unusable: " + e.getMessage());
                publishStatus(jobId, OtaStatus.failed(OtaStatus.PAL_BAD_SIGNER_CERT, 0));
                slots.abort();
                return false;
            }
            log.line("Signature of job " + jobId + " verified with " + key);
        }
        try {
            FirmwareImage.read(slotPath());
        } catch (ImageException e) {
            log.line("The file of job " + jobId + " is not a firmware image: " + e.getMessage());
            publishStatus(jobId, OtaStatus.failed(OtaStatus.PAL_FILE_CLOSE, 0));
            slots.abort();
            return false;
        }
        publishStatus(jobId, OtaStatus.selfTest("IN_PROGRESS", "ready", version));
        slots.activate(jobId, version);
        log.line("Activating the new image of job " + jobId + ": rebooting");
        return true;
    }

    private Path slotPath() {
        return slots.downloadFile();
    }

    /** The new image's self-test: accept it when newer than the one it replaced, else reject and roll back. */
    private boolean selfTest(OtaJob job) throws IOException, InterruptedException {
        var pending = slots.pending();
        if (pending.isEmpty() || !pending.get().jobId().equals(job.jobId())) {
            log.line("Job " + job.jobId() + " is in self-test, but this image is not the one under test: rejecting it");
            publishStatus(job.jobId(), OtaStatus.selfTest("FAILED", "rejected", version));
            return false;
        }
        AppVersion previous = pending.get().previous();
        String by = job.statusDetails().get("updatedBy");
        if (by != null && by.startsWith("0x")) previous = AppVersion.of(Long.parseLong(by.substring(2), 16));
        int cmp = version.compareTo(previous);
        boolean accept = cmp > 0 || (cmp == 0 && faults.acceptSameVersion()) || (cmp < 0 && faults.acceptPreviousVersion());
        if (accept) {
            slots.accept();
            publishStatus(job.jobId(), OtaStatus.succeeded(version, previous));
            log.line("Self-test passed: version " + version + " replaces " + previous + "; OTA update of job "
                    + job.jobId() + " accepted");
            return false;
        }
        log.line("Self-test failed: version " + version + (cmp == 0 ? " is the same as " : " is older than ") + previous
                + "; rejecting the image of job " + job.jobId() + " and rolling back");
        publishStatus(job.jobId(), OtaStatus.failed(cmp == 0 ? OtaStatus.ERR_SAME_FIRMWARE_VERSION
                : OtaStatus.ERR_DOWNGRADE_NOT_ALLOWED, 0));
        slots.rollBack();
        return true;
    }

    private void abortDownload() throws IOException {
        Download d = download;
        download = null;
        awaitingUrl = false;
        if (d.url() == null) mqtt.unsubscribe(d.dataTopic());
        slots.abort();
    }

    /** Publishes a job status; when the connection is gone, reconnects first (at most three times). */
    private void publishStatus(String jobId, byte[] status) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                mqtt.publish("$aws/things/" + thing + "/jobs/" + jobId + "/update", status);
                return;
            } catch (IOException e) {
                if (mqtt.connected() || attempt == 3) throw e;
                reconnect();
            }
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
