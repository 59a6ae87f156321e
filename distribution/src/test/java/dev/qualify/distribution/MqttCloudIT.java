package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cloud.type: mqtt} through the real {@code bin/qualify}, against Debian's mosquitto started by the test
 * ({@link LabBroker}): a virtual board gets the lab broker's endpoint and its login in {@code test_param_config.h}
 * and runs the MQTT group against it, the suite watching through its own connection; the case that needs the
 * emulator is SKIPPED with the reason; a broker that cannot be used (closed port, wrong CA, refused client
 * certificate) stops the run before any device is touched, with exit 3 or 2 and a message saying which.
 */
class MqttCloudIT {
    private static final String SKIP_REASON = "needs the emulated cloud (audit findings); cloud.type is mqtt";

    /** A pool whose boards have an MQTT client: it runs FullMQTT. */
    private static final String MQTT_POOL = "PKCS11: ECC, MQTT: \"Yes\"";

    @TempDir
    Path dir;

    @Test
    void theMqttGroupPassesAgainstMosquittoOverMutualTlsAndTheEmulatorOnlyCaseIsSkippedWithTheReason() throws Exception {
        try (LabBroker broker = LabBroker.mutualTls(dir.resolve("broker"))) {
            Path config = new VirtualPool().features(MQTT_POOL).board().cloud(broker.cloud("ca.pem", broker.clientCertificate("client"))).write(dir);
            Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullMQTT",
                    "--output", dir.resolve("results").toString(), "--lock-dir", dir.resolve("locks").toString());
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(0);
            Map<String, String> outcomes = RunFiles.outcomes(r.runDir());
            assertThat(outcomes).containsEntry("FullMQTT/MQTT_Subscribe_Publish_With_Qos_0", "PASSED")
                    .containsEntry("FullMQTT/MQTT_Subscribe_Publish_With_Qos_1", "PASSED")
                    .containsEntry("FullMQTT/MQTT_Publish_With_Retain_Flag", "PASSED")
                    .containsEntry("FullMQTT/MQTT_SubUnsub_Multiple_Topics", "PASSED")
                    .containsEntry("FullMQTT/MQTT_Broker_Received_Device_Publishes", "PASSED")
                    .containsEntry("FullMQTT/MQTT_No_Audit_Findings", "SKIPPED");
            assertThat(test(r.runDir(), "MQTT_No_Audit_Findings").path("message").asText()).isEqualTo(SKIP_REASON);
            assertThat(Files.readString(r.runDir().resolve("junit.xml"), StandardCharsets.UTF_8)).contains(SKIP_REASON);
            String log = Files.readString(broker.dir.resolve("mosquitto.log"), StandardCharsets.UTF_8);
            assertThat(log).as("the board itself connected to mosquitto with its certificate").contains(" as board-1 ")
                    .contains(" as board-1-observer ");
            assertNowhere(r, broker.clientKeyLine());

            Qualify.Result list = Qualify.run(dir, "list-groups", "--config", config.toString());
            assertThat(list.exitCode()).as(list.stderr()).isEqualTo(0);
            assertThat(list.stdout()).contains("Cloud mqtt (capabilities: none)")
                    .containsPattern("FullMQTT +optional +MQTT +runs; SKIPPED: MQTT_No_Audit_Findings \\("
                            + SKIP_REASON.replace("(", "\\(").replace(")", "\\)") + "\\)");
        }
    }

    /** The demo pool's features (its OTA end to end and Device Advisor groups) with an MQTT client. */
    private static final String DEMO_POOL_WITH_MQTT = "PKCS11: ECC, MQTT: \"Yes\", OTA: \"Yes\", OTADataPlaneProtocol: MQTT, DeviceAdvisor: \"Yes\"";

    private static final Map<String, String> EMULATOR_ONLY = Map.of(
            "FullCloudIoT", "needs the emulated cloud (packet capture, scripted misbehaviour and per-device TLS endpoints); cloud.type is mqtt",
            "OTADataplaneMQTT", "needs the emulated cloud (OTA jobs and MQTT file streams); cloud.type is mqtt");

    @Test
    void onMosquittoTheMqttGroupPassesAndEveryCaseOfTheEmulatorOnlyMqttGroupsIsSkippedWithTheReasonTheBoardUntouchedForThem() throws Exception {
        try (LabBroker broker = LabBroker.mutualTls(dir.resolve("broker"))) {
            Path config = new VirtualPool().features(DEMO_POOL_WITH_MQTT).board().cloud(broker.cloud("ca.pem", broker.clientCertificate("client"))).write(dir);
            Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullCloudIoT,OTADataplaneMQTT,FullMQTT",
                    "--output", dir.resolve("results").toString(), "--lock-dir", dir.resolve("locks").toString());
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(0);
            Map<String, String> outcomes = RunFiles.outcomes(r.runDir());
            assertThat(outcomes).containsEntry("FullMQTT/MQTT_Broker_Received_Device_Publishes", "PASSED")
                    .containsEntry("FullMQTT/MQTT_No_Audit_Findings", "SKIPPED");
            for (var g : EMULATOR_ONLY.entrySet()) {
                java.util.List<String> cases = outcomes.keySet().stream().filter(t -> t.startsWith(g.getKey() + "/")).toList();
                assertThat(cases).as("the cases of " + g.getKey() + " are reported").hasSizeGreaterThan(1);
                for (String c : cases) {
                    assertThat(outcomes.get(c)).as(c).isEqualTo("SKIPPED");
                    assertThat(test(r.runDir(), c.substring(c.indexOf('/') + 1)).path("message").asText()).as(c).isEqualTo(g.getValue());
                }
            }
            assertThat(outcomes).as("nothing but the audit case and the emulator-only groups is skipped, nothing fails")
                    .allSatisfy((t, o) -> assertThat(o).as(t).isEqualTo(t.startsWith("FullMQTT/") && !t.endsWith("Audit_Findings") ? "PASSED" : "SKIPPED"));
            java.util.List<String> prepared = Files.readAllLines(r.runDir().resolve("journal.jsonl"), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("\"event\":\"device-prepared\"")).toList();
            assertThat(prepared).as("the board was prepared for FullMQTT").anySatisfy(l -> assertThat(l).contains("\"group\":\"FullMQTT\""));
            assertThat(prepared).as("and not for the groups it cannot run").noneSatisfy(l -> assertThat(l)
                    .containsAnyOf("\"group\":\"FullCloudIoT\"", "\"group\":\"OTADataplaneMQTT\""));

            Qualify.Result list = Qualify.run(dir, "list-groups", "--config", config.toString());
            assertThat(list.exitCode()).as(list.stderr()).isEqualTo(0);
            assertThat(list.stdout()).as(list.stdout()).contains("Cloud mqtt (capabilities: none)")
                    .containsPattern("FullCloudIoT .*runs, every case SKIPPED: " + java.util.regex.Pattern.quote(EMULATOR_ONLY.get("FullCloudIoT")))
                    .containsPattern("OTADataplaneMQTT .*runs, every case SKIPPED: " + java.util.regex.Pattern.quote(EMULATOR_ONLY.get("OTADataplaneMQTT")))
                    .containsPattern("FullMQTT .*runs; SKIPPED: MQTT_No_Audit_Findings");
        }
    }

    @Test
    void onTheEmulatedCloudTheSameGroupRunsEveryCaseTheAuditOneIncluded() throws Exception {
        Path config = new VirtualPool().features(MQTT_POOL).board().write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullMQTT",
                "--output", dir.resolve("results").toString(), "--lock-dir", dir.resolve("locks").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(0);
        assertThat(RunFiles.outcomes(r.runDir())).hasSize(6).containsEntry("FullMQTT/MQTT_No_Audit_Findings", "PASSED")
                .containsEntry("FullMQTT/MQTT_Broker_Received_Device_Publishes", "PASSED")
                .allSatisfy((test, outcome) -> assertThat(outcome).as(test).isEqualTo("PASSED"));
    }

    @Test
    void aUserNameAndPasswordLoginWorksAndThePasswordAppearsNowhere() throws Exception {
        try (LabBroker broker = LabBroker.password(dir.resolve("broker"))) {
            Path config = new VirtualPool().features(MQTT_POOL).board().cloud(broker.cloud("ca.pem",
                    "  username: " + LabBroker.USER + "\n  password: " + LabBroker.PASSWORD + "\n")).write(dir);
            Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullMQTT",
                    "--output", dir.resolve("results").toString(), "--lock-dir", dir.resolve("locks").toString());
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(0);
            assertThat(RunFiles.outcomes(r.runDir())).containsEntry("FullMQTT/MQTT_Broker_Received_Device_Publishes", "PASSED")
                    .containsEntry("FullMQTT/MQTT_No_Audit_Findings", "SKIPPED");
            assertThat(Files.readString(broker.dir.resolve("mosquitto.log"), StandardCharsets.UTF_8))
                    .contains(" as board-1 ").contains("u'" + LabBroker.USER + "'");
            assertNowhere(r, LabBroker.PASSWORD);
        }
    }

    @Test
    void aClosedPortExits3NamingHostAndPortBeforeAnyDeviceIsTouched() throws Exception {
        try (LabBroker broker = LabBroker.mutualTls(dir.resolve("broker"))) {
            int closed = VirtualPool.freePort();
            String section = broker.cloud("ca.pem", broker.clientCertificate("client")).replace("port: " + broker.port, "port: " + closed);
            Qualify.Result r = refused(section);
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
            assertThat(r.stderr()).contains("cannot reach the MQTT broker at 127.0.0.1:" + closed);
        }
    }

    @Test
    void aCaThatDoesNotSignTheBrokerExits2NamingTheCaKey() throws Exception {
        try (LabBroker broker = LabBroker.mutualTls(dir.resolve("broker"))) {
            Qualify.Result r = refused(broker.cloud("other-ca.pem", broker.clientCertificate("client")));
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
            assertThat(r.stderr()).contains("cloud.ca").contains("TLS handshake with the MQTT broker at 127.0.0.1:" + broker.port
                    + " failed").contains("does not verify against ca");
        }
    }

    @Test
    void aClientCertificateTheBrokerDoesNotTrustExits2NamingTheCertKey() throws Exception {
        try (LabBroker broker = LabBroker.mutualTls(dir.resolve("broker"))) {
            Qualify.Result r = refused(broker.cloud("ca.pem", broker.clientCertificate("other-client")));
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
            assertThat(r.stderr()).contains("cloud.cert").contains("MQTT broker at 127.0.0.1:" + broker.port)
                    .contains("did not accept the client certificate");
        }
    }

    /** A run with this cloud section that must stop before any device: no run directory, no board started. */
    private Qualify.Result refused(String cloudSection) throws Exception {
        Path config = new VirtualPool().features(MQTT_POOL).board().cloud(cloudSection).write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullMQTT",
                "--output", dir.resolve("results").toString(), "--lock-dir", dir.resolve("locks").toString());
        assertThat(dir.resolve("results")).as("no run directory: nothing was touched").doesNotExist();
        return r;
    }

    private static JsonNode test(Path runDir, String id) throws IOException {
        for (JsonNode g : RunFiles.results(runDir).path("groups")) {
            for (JsonNode t : g.path("tests")) if (t.path("testId").asText().equals(id)) return t;
        }
        throw new AssertionError("no test " + id);
    }

    /** {@code secret} is in no file of the run directory, nor on the console. */
    private static void assertNowhere(Qualify.Result r, String secret) throws IOException {
        assertThat(r.stdout() + r.stderr()).doesNotContain(secret);
        try (Stream<Path> files = Files.walk(r.runDir())) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/work/")).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
            }
        }
    }
}
