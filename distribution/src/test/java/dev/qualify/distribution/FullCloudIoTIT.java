package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code FullCloudIoT} through the real {@code bin/qualify} on a virtual board: every Device Advisor case is judged
 * from the board's packets on the emulated cloud. A well-behaved board passes every case; a board given several
 * {@code --da-*} misbehaviours fails exactly the cases they are made for, and passes the rest.
 */
class FullCloudIoTIT {
    private static final String NOT_AVAILABLE = "Security_Device_Policies";
    private static final int CASES = 24;

    @TempDir
    Path dir;

    private Qualify.Result run(String... boardArgs) throws Exception {
        Path config = new VirtualPool().features("DeviceAdvisor: \"Yes\"").board(boardArgs).write(dir);
        // a misbehaving board spends up to a case's budget on each failing case: more than Qualify.run's 5 minutes
        // on a loaded machine
        Process p = Qualify.start(dir, "run", "--config", config.toString(), "--group", "FullCloudIoT",
                "--output", dir.resolve("results").toString());
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("qualify did not finish within 20 minutes");
        }
        return Qualify.finished(p, dir);
    }

    private static Set<String> failed(Map<String, String> outcomes) {
        return outcomes.entrySet().stream().filter(e -> e.getValue().equals("failure")).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Test
    void aWellBehavedBoardPassesEveryDeviceAdvisorCase() throws Exception {
        Qualify.Result r = run();
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path xml = r.runDir().resolve("junit.xml");
        JUnitXml.validate(xml);
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        assertThat(outcomes).hasSize(CASES);
        assertThat(outcomes.get(NOT_AVAILABLE)).isEqualTo("skipped");
        assertThat(JUnitXml.message(xml, NOT_AVAILABLE)).contains("not available");
        outcomes.remove(NOT_AVAILABLE);
        assertThat(outcomes.values()).containsOnly("passed");
        String retry = Files.readString(r.runDir().resolve("logs/board-1/FullCloudIoT/MQTT_Publish_Retry_No_Puback.log"));
        assertThat(retry).contains("MQTT_Publish_Retry_No_Puback: PASS").contains("packets judged")
                .containsPattern("IN  PUBLISH +id=\\d+ qos=1 dup");
        String jitter = Files.readString(r.runDir().resolve("logs/board-1/FullCloudIoT/MQTT_Connect_Jitter_Backoff_Retries.log"));
        assertThat(jitter).contains("exponential backoff with jitter").contains("CONNACK withheld; retried after");
        String cipher = Files.readString(r.runDir().resolve("logs/board-1/FullCloudIoT/TLS_Support_AWS_IoT_Cipher_Suites.log"));
        assertThat(cipher).contains("ClientHello on").contains("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void eachMisbehaviourFailsItsOwnCaseAndNoOther() throws Exception {
        Qualify.Result r = run("--da-backoff", "EXPONENTIAL", "--da-new-packet-id-on-retry", "--da-new-subscribe-id-on-retry",
                "--da-resubscribe-on-resume", "--da-trust-any-ca", "--da-unrecommended-cipher-suites",
                "--da-ignore-delta", "--da-no-hostname-check", "--da-no-jobs");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        Path xml = r.runDir().resolve("junit.xml");
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        assertThat(outcomes).hasSize(CASES);
        assertThat(failed(outcomes)).containsExactlyInAnyOrder("MQTT_Publish_Retry_No_Puback", "MQTT_Subscribe_Retry_No_Suback",
                "MQTT_Persistent_Session_Happy_Case", "TLS_Unsecure_Server_Cert", "TLS_Support_AWS_IoT_Cipher_Suites",
                "Shadow_Update_Reported_State", "TLS_Incorrect_Subject_Name_Server_Cert",
                "Job_Execution");
        assertThat(JUnitXml.message(xml, "MQTT_Publish_Retry_No_Puback")).contains("was re-sent with packet id")
                .contains("expected a re-send with packet id");
        assertThat(JUnitXml.message(xml, "MQTT_Persistent_Session_Happy_Case")).contains("re-subscribed");
        assertThat(JUnitXml.message(xml, "TLS_Unsecure_Server_Cert")).contains("completed the TLS handshake");
        assertThat(JUnitXml.message(xml, "TLS_Support_AWS_IoT_Cipher_Suites")).contains("offers none").contains("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
        // pure exponential backoff: passed, with the warning in its log
        assertThat(outcomes.get("MQTT_Connect_Jitter_Backoff_Retries")).isEqualTo("passed");
        String jitter = Files.readString(r.runDir().resolve("logs/board-1/FullCloudIoT/MQTT_Connect_Jitter_Backoff_Retries.log"));
        assertThat(jitter).contains("PASS_WITH_WARNINGS").contains("without jitter");
    }

    @Test
    void backoffKeepAliveAndCertificateMistakesFailTheirCases() throws Exception {
        Qualify.Result r = run("--da-backoff", "LINEAR", "--da-reconnect-backoff", "CONSTANT", "--da-accept-expired",
                "--da-small-tls-buffer", "--da-no-shadow", "--da-retry-after-reconnect", "--da-no-pingreq");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        Path xml = r.runDir().resolve("junit.xml");
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        // a linear connect backoff fails both connect-backoff cases, a constant reconnect backoff both reconnect cases
        assertThat(failed(outcomes)).containsExactlyInAnyOrder("MQTT_Connect_Jitter_Backoff_Retries",
                "MQTT_Connect_Exponential_Backoff_Retries", "MQTT_Reconnect_Backoff_Retries_On_Server_Disconnect",
                "MQTT_Reconnect_Backoff_Retries_On_Unstable_Connection", "TLS_Expired_Server_Cert", "TLS_Large_Size_Server_Cert",
                "Shadow_Publish_Reported_State", "MQTT_Publish_Retry_No_Puback", "MQTT_No_Ack_PingResp");
        assertThat(JUnitXml.message(xml, "MQTT_Publish_Retry_No_Puback")).contains("was re-sent after reconnecting")
                .contains("expected a re-send on the same connection");
        assertThat(JUnitXml.message(xml, "MQTT_Connect_Exponential_Backoff_Retries")).contains("linear backoff");
        assertThat(JUnitXml.message(xml, "MQTT_Reconnect_Backoff_Retries_On_Server_Disconnect")).contains("constant");
        assertThat(JUnitXml.message(xml, "MQTT_No_Ack_PingResp")).contains("sent no PINGREQ");
    }

}
