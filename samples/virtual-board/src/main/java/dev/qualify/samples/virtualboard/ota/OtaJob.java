package dev.qualify.samples.virtualboard.ota;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job execution as the OTA library's job parser reads it from {@code jobs/$next/get/accepted} or
 * {@code jobs/notify-next}: {@code execution.jobId}, {@code execution.statusDetails} and the
 * {@code execution.jobDocument.afr_ota} fields of the first file.
 *
 * @param signatures the file's {@code sig-sha256-*} entries, by key (base64 DER values)
 * @param url        {@code update_data_url}: the pre-signed URL of an HTTP download, or null
 * @param authScheme {@code auth_scheme}, e.g. {@code aws.s3.presigned}, or null
 */
record OtaJob(String jobId, Map<String, String> statusDetails, boolean ota, List<String> protocols, String streamName,
              String filePath, long fileSize, int fileId, String certFile, Map<String, String> signatures, String url,
              String authScheme) {

    /** The execution of a jobs message, or empty when it has none (no job pending, or the job was canceled). */
    static Optional<OtaJob> of(JsonNode message) {
        JsonNode e = message.path("execution");
        if (!e.isObject() || !e.path("jobId").isTextual()) return Optional.empty();
        Map<String, String> details = new LinkedHashMap<>();
        e.path("statusDetails").fields().forEachRemaining(f -> details.put(f.getKey(), f.getValue().asText()));
        JsonNode ota = e.path("jobDocument").path("afr_ota");
        if (!ota.isObject()) {
            return Optional.of(new OtaJob(e.get("jobId").asText(), details, false, List.of(), null, null, 0, 0, null,
                    Map.of(), null, null));
        }
        List<String> protocols = new java.util.ArrayList<>();
        ota.path("protocols").forEach(p -> protocols.add(p.asText()));
        JsonNode file = ota.path("files").path(0);
        Map<String, String> sigs = new LinkedHashMap<>();
        file.fields().forEachRemaining(f -> {
            if (f.getKey().startsWith("sig-")) sigs.put(f.getKey(), f.getValue().asText());
        });
        return Optional.of(new OtaJob(e.get("jobId").asText(), details, true, List.copyOf(protocols),
                ota.path("streamname").asText(null), file.path("filepath").asText(null), file.path("filesize").asLong(-1),
                file.path("fileid").asInt(0), file.path("certfile").asText(null), sigs,
                file.path("update_data_url").asText(null), file.path("auth_scheme").asText(null)));
    }

    /** Whether the job is in the self-test phase ({@code statusDetails.self_test} set). */
    boolean inSelfTest() {
        return statusDetails.containsKey("self_test");
    }
}
