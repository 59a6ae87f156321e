package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.util.Objects;

/**
 * One OTA update for one thing.
 *
 * @param jobId                     the IoT Jobs job id ({@code [a-zA-Z0-9_-]{1,64}})
 * @param thingName                 the target thing
 * @param filePath                  {@code files[0].filepath} of the job document: where the device stores it
 * @param file                      the file's bytes (the firmware image)
 * @param certFile                  {@code files[0].certfile}: the code-signing certificate's name on the device
 * @param signatureKey              {@code sig-sha256-ecdsa} or {@code sig-sha256-rsa}; null for an unsigned file
 *                                  (the document then has no signature entry)
 * @param signature                 the DER signature over the file (base64 in the document); null when unsigned
 * @param dropConnectionAfterBlocks after serving this many blocks the cloud drops the device's MQTT connection
 *                                  once (0: never), to check that the device resumes the download
 * @param protocol                  {@code MQTT} (the file on an MQTT stream) or {@code HTTP} (behind a pre-signed
 *                                  URL in {@code files[0].update_data_url}, signed afresh each time the document is
 *                                  sent)
 * @param urlLifetime               how long a pre-signed URL is valid (HTTP); null for an hour
 * @param blockDelay                how long the HTTP file server takes for each range (a slow link); null for none
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record OtaUpdate(String jobId, String thingName, String filePath, byte[] file, String certFile,
                        String signatureKey, byte[] signature, int dropConnectionAfterBlocks, String protocol,
                        java.time.Duration urlLifetime, java.time.Duration blockDelay) {
    /** An update over MQTT. */
    public OtaUpdate(String jobId, String thingName, String filePath, byte[] file, String certFile, String signatureKey,
                     byte[] signature, int dropConnectionAfterBlocks) {
        this(jobId, thingName, filePath, file, certFile, signatureKey, signature, dropConnectionAfterBlocks, "MQTT", null, null);
    }

    public OtaUpdate {
        if (!"MQTT".equals(protocol) && !"HTTP".equals(protocol)) {
            throw new IllegalArgumentException("protocol must be MQTT or HTTP: " + protocol);
        }
        if (urlLifetime == null) urlLifetime = java.time.Duration.ofHours(1);
        if (blockDelay == null) blockDelay = java.time.Duration.ZERO;
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(filePath, "filePath");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(certFile, "certFile");
        if ((signatureKey == null) != (signature == null)) {
            throw new IllegalArgumentException("signatureKey and signature go together");
        }
        file = file.clone();
        signature = signature == null ? null : signature.clone();
    }

    @Override
    public byte[] file() {
        return file.clone();
    }

    @Override
    public byte[] signature() {
        return signature == null ? null : signature.clone();
    }
}
