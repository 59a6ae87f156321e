package dev.qualify.distribution;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code OTADataplaneMQTT} and {@code OTADataplaneHTTP} through the real {@code bin/qualify} on one virtual board
 * against the run's emulated cloud, with {@code boot.imageIdentity} on: every OTA end-to-end case passes on the
 * well-behaved board over MQTT streams and over HTTP (the board boots the images the group served over the air, which
 * the identity check expects), and each of the board's OTA misbehaviours fails exactly the case made to catch it
 * (over MQTT; each run selects that case and the neighbours the misbehaviour could plausibly break, with
 * {@code --test}, since the full runs already show every case passing on a well-behaved board).
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

    private Qualify.Result run(String protocol, List<String> qualifyArgs, String... boardArgs) throws Exception {
        Path config = new VirtualPool().features("OTA: \"Yes\", OTADataPlaneProtocol: " + protocol).board(boardArgs).write(dir);
        List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--group", "OTADataplane" + protocol,
                "--output", dir.resolve("results").toString(), "--device-wait", "10m"));
        args.addAll(qualifyArgs);
        return Qualify.run(dir, args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "over {0}")
    @CsvSource({"MQTT, skipped", "HTTP, passed"})
    void everyCasePassesOnTheWellBehavedBoardWithTheImageIdentityChecked(String protocol, String presignedUrlExpired)
            throws Exception {
        Qualify.Result r = run(protocol, List.of());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        for (String c : CASES) assertThat(outcomes).as(r.stdout()).containsEntry(c, "passed");
        assertThat(outcomes).containsEntry("OTAE2EPresignedUrlExpired", presignedUrlExpired);
        Path logs = r.runDir().resolve("logs/board-1/OTADataplane" + protocol);
        assertThat(Files.readString(logs.resolve("_group.log"))).as("the flashed image was checked")
                .contains("image identity: the board runs '");
        assertThat(Files.readString(logs.resolve("OTAE2EDisconnectResume.log"))).as("the download was cut and resumed")
                .contains("MQTT connection lost during the download").contains("Reconnected to the broker")
                .contains("SUCCEEDED");
        String greater = Files.readString(logs.resolve("OTAE2EGreaterVersion.log"));
        assertThat(greater).contains("Application version 0.9.2").contains("Signature of job")
                .as("the update was an expected image of the identity check").contains("was served to the device over the air");
        if (protocol.equals("HTTP")) {
            assertThat(greater).contains("over HTTP (aws.s3.presigned)");
            assertThat(Files.readString(logs.resolve("OTAE2EPresignedUrlExpired.log")))
                    .contains("the pre-signed URL expired").contains("request(s) with an expired URL were refused (403)");
        }
    }

    /**
     * {@code --ota-no-rollback} leaves the board on an image that cannot connect, so its case waits out the job
     * timeout (90 s); that run halves every deadline ({@code --timeout-multiplier 0.5}, still far above what a
     * well-behaved board needs).
     */
    @ParameterizedTest(name = "{0} fails {1} only")
    @CsvSource(delimiter = '|', value = {
            "--ota-accept-unsigned         | OTAE2EUnsignedImage                        | OTAE2EUntrustedCertificate,OTAE2EIncorrectSigningAlgorithm | ended SUCCEEDED     | 1",
            "--ota-accept-same-version     | OTAE2ESameVersion                          | OTAE2EGreaterVersion,OTAE2EPreviousVersion                 | ended SUCCEEDED     | 1",
            "--ota-accept-previous-version | OTAE2EPreviousVersion                      | OTAE2EGreaterVersion,OTAE2ESameVersion                     | ended SUCCEEDED     | 1",
            "--ota-no-rollback             | OTAE2ERollbackIfUnableToConnectAfterUpdate | OTAE2EImageCrashed,OTAE2EGreaterVersion                    | did not end within  | 0.5",
            "--ota-no-resume               | OTAE2EDisconnectResume                     | OTAE2EDisconnectCancelUpdate,OTAE2EGreaterVersion          | ended FAILED        | 1"})
    void eachMisbehaviourFailsExactlyItsCase(String flag, String failing, String neighbours, String why, String multiplier)
            throws Exception {
        List<String> selected = new ArrayList<>(List.of(neighbours.split(",")));
        selected.add(failing);
        Qualify.Result r = run("MQTT", List.of("--test", String.join(",", selected), "--timeout-multiplier", multiplier), flag);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        Path xml = r.runDir().resolve("junit.xml");
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        for (String c : selected) {
            assertThat(outcomes).as(r.stdout()).containsEntry(c, c.equals(failing) ? "failure" : "passed");
        }
        assertThat(outcomes.entrySet()).as("only " + failing + " fails").filteredOn(e -> !e.getValue().equals("passed")
                && !e.getValue().equals("skipped")).extracting(Map.Entry::getKey).containsExactly(failing);
        assertThat(JUnitXml.message(xml, failing)).contains(why);
    }
}
