package dev.qualify.samples.virtualboard.ota;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * The job status updates the OTA library's {@code ota_mqtt.c} publishes on {@code jobs/<jobId>/update}, in its
 * shapes: receiving ({@code "receive":"<received>/<blocks>"}), self-test ({@code "self_test":"ready|rejected"},
 * {@code "updatedBy":"0x<version>"}), succeeded ({@code "reason":"accepted v<new>"}, {@code "updatedBy":"v<old>"})
 * and failed with a value ({@code "reason":"0x<error>: 0x<sub-error>"}).
 */
final class OtaStatus {
    /** {@code OtaErr_t} values of the OTA library (ota.h). */
    static final int ERR_JOB_PARSER = 12;
    static final int ERR_INVALID_DATA_PROTOCOL = 13;
    static final int ERR_DOWNGRADE_NOT_ALLOWED = 15;
    static final int ERR_SAME_FIRMWARE_VERSION = 16;
    static final int ERR_USER_ABORT = 19;
    /** {@code OtaPalMainStatus_t} values of the PAL's close-file errors. */
    static final int PAL_SIGNATURE_CHECK_FAILED = 0xe3;
    static final int PAL_BAD_SIGNER_CERT = 0xe7;
    static final int PAL_FILE_CLOSE = 0xee;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OtaStatus() {
    }

    static byte[] receiving(int received, int blocks) {
        ObjectNode n = status("IN_PROGRESS");
        details(n).put("receive", received + "/" + blocks);
        return bytes(n);
    }

    static byte[] selfTest(String status, String reason, AppVersion running) {
        ObjectNode n = status(status);
        details(n).put("self_test", reason).put("updatedBy", "0x" + running.hex());
        return bytes(n);
    }

    static byte[] succeeded(AppVersion now, AppVersion previous) {
        ObjectNode n = status("SUCCEEDED");
        details(n).put("reason", "accepted v" + now).put("updatedBy", "v" + previous);
        return bytes(n);
    }

    static byte[] failed(int error, int subError) {
        ObjectNode n = status("FAILED");
        details(n).put("reason", String.format("0x%08x: 0x%08x", error, subError));
        return bytes(n);
    }

    private static ObjectNode status(String status) {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", status);
        n.putObject("statusDetails");
        return n;
    }

    private static ObjectNode details(ObjectNode n) {
        return (ObjectNode) n.get("statusDetails");
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
