package dev.qualify.cloud.advisor;

import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceAdvisorTest {

    @Test
    void aPublishReSentWithTheSameIdOnTheSameConnectionPasses() {
        Recording r = new Recording().connected("c1", false).publishIn("c1", 7, false).at(1000).publishIn("c1", 7, true)
                .pubackOut("c1", 7);
        Verdict v = r.judge(AdvisorCase.MQTT_PUBLISH_RETRY_NO_PUBACK);
        assertThat(v.status()).isEqualTo(AdvisorStatus.PASS);
        assertThat(v.judged()).extracting(p -> p.type()).contains(PacketType.PUBLISH, PacketType.PUBACK);
    }

    @Test
    void aPublishReSentOnlyAfterReconnectingFailsAndSaysSo() {
        Recording r = new Recording().connected("c1", false).publishIn("c1", 7, false).at(3000).closed("c1", null)
                .at(3100).connected("c2", true).publishIn("c2", 7, true).pubackOut("c2", 7);
        Verdict v = r.judge(AdvisorCase.MQTT_PUBLISH_RETRY_NO_PUBACK);
        assertThat(v.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(v.summary()).isEqualTo("PUBLISH packet id 7 was re-sent after reconnecting; expected a re-send on the same connection");
    }

    @Test
    void aPublishReSentWithANewPacketIdFails() {
        Recording r = new Recording().connected("c1", false).publishIn("c1", 7, false).at(1000).publishIn("c1", 8, true)
                .pubackOut("c1", 8);
        Verdict v = r.judge(AdvisorCase.MQTT_PUBLISH_RETRY_NO_PUBACK);
        assertThat(v.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(v.actual()).isEqualTo("PUBLISH was re-sent with packet id 8 instead of 7");
    }

    @Test
    void aReSendWithoutTheDupFlagPassesWithAWarning() {
        Recording r = new Recording().connected("c1", false).publishIn("c1", 7, false).at(1000).publishIn("c1", 7, false)
                .pubackOut("c1", 7);
        Verdict v = r.judge(AdvisorCase.MQTT_PUBLISH_RETRY_NO_PUBACK);
        assertThat(v.status()).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
        assertThat(v.warnings()).singleElement().asString().contains("DUP");
    }

    @Test
    void everyAcknowledgedPublishLeavesTheRetryCaseNotExercised() {
        Recording r = new Recording().connected("c1", false).publishIn("c1", 7, false).pubackOut("c1", 7).closed("c1", null);
        assertThat(r.judge(AdvisorCase.MQTT_PUBLISH_RETRY_NO_PUBACK).status()).isEqualTo(AdvisorStatus.NOT_EXERCISED);
    }

    @Test
    void cipherSuitesAreJudgedFromTheClientHello() {
        List<String> v13 = List.of("TLSv1.3", "TLSv1.2");
        assertThat(new Recording().hello("c1", AdvisorEndpoint.GOOD, v13, 0x1301, 0xC02B, 0x00FF)
                .judge(AdvisorCase.TLS_CIPHER_SUITES).status()).isEqualTo(AdvisorStatus.PASS);
        Verdict warn = new Recording().hello("c1", AdvisorEndpoint.GOOD, v13, 0x1301, 0xCCA9)
                .judge(AdvisorCase.TLS_CIPHER_SUITES);
        assertThat(warn.status()).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
        assertThat(warn.warnings().get(0)).contains("0xCCA9");
        Verdict fail = new Recording().hello("c1", AdvisorEndpoint.GOOD, List.of("TLSv1.2"), 0xC023)
                .judge(AdvisorCase.TLS_CIPHER_SUITES);
        assertThat(fail.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(fail.actual()).contains("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
    }

    @Test
    void aDeviceThatRefusesAnUntrustedCertificatePassesAndOneThatConnectsFails() {
        Recording refused = new Recording().hello("c1", "UNTRUSTED_CA", List.of("TLSv1.3"), 0x1301)
                .event("c1", "OPENED", null).event("c1", "TLS_FAILED", "Received fatal alert: certificate_unknown")
                .closed("c1", null);
        Verdict pass = refused.judge(AdvisorCase.TLS_UNSECURE_SERVER_CERT);
        assertThat(pass.status()).isEqualTo(AdvisorStatus.PASS);
        assertThat(pass.summary()).contains("ALERT_SENT");
        Recording accepted = new Recording().hello("c1", "UNTRUSTED_CA", List.of("TLSv1.3"), 0x1301).connected("c1", true);
        Verdict fail = accepted.judge(AdvisorCase.TLS_UNSECURE_SERVER_CERT);
        assertThat(fail.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(fail.actual()).contains("completed the TLS handshake").contains("sent CONNECT");
        // the other bad-certificate cases were not exercised by this recording
        assertThat(accepted.judge(AdvisorCase.TLS_EXPIRED_SERVER_CERT).status()).isEqualTo(AdvisorStatus.NOT_EXERCISED);
    }

    @Test
    void anUnansweredPingreqMustMakeTheDeviceCloseTheConnection() {
        Recording gaveUp = new Recording().connected("c1", true).at(2000)
                .packet("c1", Direction.IN, PacketType.PINGREQ, -1, 0, false, null, "PINGREQ").at(3000).closed("c1", null);
        assertThat(gaveUp.judge(AdvisorCase.MQTT_NO_ACK_PINGRESP).status()).isEqualTo(AdvisorStatus.PASS);
        Recording waited = new Recording().connected("c1", true).at(2000)
                .packet("c1", Direction.IN, PacketType.PINGREQ, -1, 0, false, null, "PINGREQ").at(5000)
                .closed("c1", "MQTT_KEEP_ALIVE_TIMEOUT");
        Verdict v = waited.judge(AdvisorCase.MQTT_NO_ACK_PINGRESP);
        assertThat(v.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(v.actual()).contains("the broker closed it (MQTT_KEEP_ALIVE_TIMEOUT)");
        Recording silent = new Recording().connected("c1", true).at(3000).closed("c1", "MQTT_KEEP_ALIVE_TIMEOUT");
        assertThat(silent.judge(AdvisorCase.MQTT_NO_ACK_PINGRESP).actual()).contains("sent no PINGREQ");
    }

    @Test
    void connectRetriesAreJudgedFromTheTimesBetweenAttempts() {
        Recording r = new Recording();
        double t = 0;
        double[] delays = {100, 200, 400, 800, 1600};
        for (int i = 0; i < delays.length; i++) {
            String c = "w" + i;
            r.at(t).event(c, "OPENED", null).packet(c, Direction.IN, PacketType.CONNECT, -1, 0, false, null,
                    "CONNECT clientId=dev-1 version=4 keepAlive=2 cleanSession=false").event(c, "CONNACK_WITHHELD", "dev-1");
            t += 500;
            r.at(t).closed(c, null);
            t += delays[i];
        }
        r.at(t).connected("ok", true);
        Verdict jitter = r.judge(AdvisorCase.MQTT_CONNECT_JITTER_BACKOFF);
        assertThat(jitter.status()).isEqualTo(AdvisorStatus.PASS_WITH_WARNINGS);
        assertThat(jitter.warnings().get(0)).contains("without jitter");
        assertThat(r.judge(AdvisorCase.MQTT_CONNECT_EXPONENTIAL_BACKOFF).status()).isEqualTo(AdvisorStatus.PASS);
        assertThat(jitter.evidence()).anyMatch(l -> l.contains("retried after 1600 ms"));
    }

    @Test
    void aResumedSessionMustNotBeSubscribedAgain() {
        Recording r = new Recording().connected("c1", true)
                .packet("c1", Direction.IN, PacketType.SUBSCRIBE, 3, 1, false, null, "SUBSCRIBE");
        Verdict v = r.judge(AdvisorCase.MQTT_PERSISTENT_SESSION);
        assertThat(v.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(v.actual()).contains("re-subscribed");
        assertThat(r.judge(AdvisorCase.MQTT_EXPIRED_PERSISTENT_SESSION).status()).isEqualTo(AdvisorStatus.NOT_EXERCISED);
    }

    @Test
    void aMaximumSizeRecordIsHandledWhenThePublishIsAcknowledgedOrTheConnectionGoesOn() {
        Recording acked = new Recording().connected("c1", true).largePublishOut("c1", 9)
                .packet("c1", Direction.IN, PacketType.PUBACK, 9, 0, false, null, "PUBACK");
        assertThat(acked.judge(AdvisorCase.TLS_MAX_FRAGMENTS).status()).isEqualTo(AdvisorStatus.PASS);
        Recording carriedOn = new Recording().connected("c1", true).largePublishOut("c1", 9).at(2000)
                .packet("c1", Direction.IN, PacketType.PINGREQ, -1, 0, false, null, "PINGREQ");
        Verdict v = carriedOn.judge(AdvisorCase.TLS_MAX_FRAGMENTS);
        assertThat(v.status()).isEqualTo(AdvisorStatus.PASS);
        assertThat(v.summary()).contains("kept the connection").contains("MQTT_Client_Puback_Qos1");
        Recording dropped = new Recording().connected("c1", true).largePublishOut("c1", 9).at(10).closed("c1", null);
        Verdict f = dropped.judge(AdvisorCase.TLS_MAX_FRAGMENTS);
        assertThat(f.status()).isEqualTo(AdvisorStatus.FAIL);
        assertThat(f.actual()).contains("got no PUBACK; the device closed the connection");
    }

    @Test
    void everyCaseHasACheck() {
        for (AdvisorCase c : AdvisorCase.values()) assertThat(DeviceAdvisor.check(c)).as(c.id()).isNotNull();
    }
}
