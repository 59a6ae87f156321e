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
 * from the board's packets on the emulated cloud. What only the launcher shows is proved here: a well-behaved board
 * passes every case (the reports, the logs with the packets judged), and a board given one {@code --da-*}
 * misbehaviour fails exactly its case with the message the issue names. That every other misbehaviour fails exactly
 * its own case is {@code OneMisbehaviourOneCaseTest} (suite module, the same scenarios and checks, in process).
 */
class FullCloudIoTIT {
    private static final int CASES = 24;

    @TempDir
    Path dir;

    private Qualify.Result run(String... boardArgs) throws Exception {
        Path config = new VirtualPool().features("DeviceAdvisor: \"Yes\"").board(boardArgs).write(dir);
        // a misbehaving board spends up to a case's budget on its failing case: more than Qualify.run's 5 minutes
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
        assertThat(outcomes.values()).containsOnly("passed");
        String retry = Files.readString(r.runDir().resolve("logs/board-1/FullCloudIoT/MQTT_Publish_Retry_No_Puback.log"));
        assertThat(retry).contains("MQTT_Publish_Retry_No_Puback: PASS").contains("packets judged")
                .containsPattern("IN  PUBLISH +id=\\d+ qos=1 dup");
        String jitter = Files.readString(r.runDir().resolve("logs/board-1/FullCloudIoT/MQTT_Connect_Jitter_Backoff_Retries.log"));
        assertThat(jitter).contains("backoff with jitter").contains("CONNACK withheld; retried after");
        String cipher = Files.readString(r.runDir().resolve("logs/board-1/FullCloudIoT/TLS_Support_AWS_IoT_Cipher_Suites.log"));
        assertThat(cipher).contains("ClientHello on").contains("TLS_AES_128_GCM_SHA256");
        String policies = Files.readString(r.runDir().resolve("logs/board-1/FullCloudIoT/Security_Device_Policies.log"));
        assertThat(policies).contains("Security_Device_Policies: PASS").contains("every grant scoped");
    }

    @Test
    void aPublishRetriedOnlyAfterReconnectingFailsItsCaseAndNoOther() throws Exception {
        Qualify.Result r = run("--da-retry-after-reconnect");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        Path xml = r.runDir().resolve("junit.xml");
        Map<String, String> outcomes = JUnitXml.outcomes(xml, "board-1");
        assertThat(outcomes).hasSize(CASES);
        assertThat(failed(outcomes)).containsExactly("MQTT_Publish_Retry_No_Puback");
        assertThat(JUnitXml.message(xml, "MQTT_Publish_Retry_No_Puback")).containsPattern(
                "PUBLISH packet id \\d+ was re-sent after reconnecting; expected a re-send on the same connection");
    }
}
