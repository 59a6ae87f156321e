package dev.qualify.distribution;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code OTADataplaneMQTT} and {@code OTADataplaneHTTP} through the real {@code bin/qualify} on one virtual board
 * against the run's emulated cloud: every OTA end-to-end case passes on the well-behaved board over MQTT streams and
 * over HTTP, and each of the board's OTA misbehaviours fails exactly the case made to catch it (over MQTT).
 */
class OtaDataplaneIT {
    /** The cases of both groups but {@code OTAE2EPresignedUrlExpired} (HTTP only; skipped by the MQTT group). */
    static final List<String> CASES = List.of("OTAE2EGreaterVersion", "OTAE2EBackToBackDownloads", "OTAE2ESameVersion",
            "OTAE2EUnsignedImage", "OTAE2EUntrustedCertificate", "OTAE2EPreviousVersion",
            "OTAE2EIncorrectSigningAlgorithm", "OTAE2EDisconnectResume", "OTAE2EDisconnectCancelUpdate",
            "OTAE2E2UpdatesCancel1st", "OTAE2ECancelThenUpdate", "OTAE2EImageCrashed",
            "OTAE2ERollbackIfUnableToConnectAfterUpdate");

    @TempDir
    Path dir;

    private Qualify.Result run(String protocol, String... boardArgs) throws Exception {
        Path config = new VirtualPool().features("OTA: \"Yes\", OTADataPlaneProtocol: " + protocol).noImageIdentity()
                .board(boardArgs).write(dir);
        return Qualify.run(dir, "run", "--config", config.toString(), "--group", "OTADataplane" + protocol,
                "--output", dir.resolve("results").toString(), "--device-wait", "10m");
    }

    @ParameterizedTest(name = "over {0}")
    @CsvSource({"MQTT, skipped", "HTTP, passed"})
    void everyCasePassesOnTheWellBehavedBoard(String protocol, String presignedUrlExpired) throws Exception {
        Qualify.Result r = run(protocol);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        for (String c : CASES) assertThat(outcomes).as(r.stdout()).containsEntry(c, "passed");
        assertThat(outcomes).containsEntry("OTAE2EPresignedUrlExpired", presignedUrlExpired);
        Path logs = r.runDir().resolve("logs/board-1/OTADataplane" + protocol);
        assertThat(Files.readString(logs.resolve("OTAE2EDisconnectResume.log"))).as("the download was cut and resumed")
                .contains("MQTT connection lost during the download").contains("Reconnected to the broker")
                .contains("SUCCEEDED");
        String greater = Files.readString(logs.resolve("OTAE2EGreaterVersion.log"));
        assertThat(greater).contains("Application version 0.9.2").contains("Signature of job");
        if (protocol.equals("HTTP")) {
            assertThat(greater).contains("over HTTP (aws.s3.presigned)");
            assertThat(Files.readString(logs.resolve("OTAE2EPresignedUrlExpired.log")))
                    .contains("the pre-signed URL expired").contains("request(s) with an expired URL were refused (403)");
        }
    }

    @ParameterizedTest(name = "{0} fails {1} only")
    @CsvSource({
            "--ota-accept-unsigned, OTAE2EUnsignedImage, ended SUCCEEDED",
            "--ota-accept-same-version, OTAE2ESameVersion, ended SUCCEEDED",
            "--ota-accept-previous-version, OTAE2EPreviousVersion, ended SUCCEEDED",
            "--ota-no-rollback, OTAE2ERollbackIfUnableToConnectAfterUpdate, did not end within",
            "--ota-no-resume, OTAE2EDisconnectResume, ended FAILED"})
    void eachMisbehaviourFailsExactlyItsCase(String flag, String failing, String why) throws Exception {
        Qualify.Result r = run("MQTT", flag);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        Path xml = r.runDir().resolve("junit.xml");
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        for (String c : CASES) {
            assertThat(outcomes).as(r.stdout()).containsEntry(c, c.equals(failing) ? "failure" : "passed");
        }
        assertThat(JUnitXml.message(xml, failing)).contains(why);
    }
}
