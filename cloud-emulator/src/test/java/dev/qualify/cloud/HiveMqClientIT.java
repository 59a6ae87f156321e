package dev.qualify.cloud;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.qualify.cloud.audit.AuditChecks;
import dev.qualify.cloud.registry.CertificateStatus;
import dev.qualify.cloud.ca.Pem;
import dev.qualify.api.cloud.DeviceCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** MQTT 5 behaviour with the HiveMQ client over mutual TLS. */
class HiveMqClientIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    DeviceCredentials dev1;

    @BeforeEach
    void start() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir));
        dev1 = cloud.provisionThing("dev1");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void qos0_1_2_roundTripsCarryUserPropertiesAndContentType() throws Exception {
        Mqtt5BlockingClient c = HiveMq.v5(dev1, "dev1");
        c.connect();
        c.subscribeWith().topicFilter("dev1/data/#").qos(MqttQos.EXACTLY_ONCE).send();
        try (Mqtt5BlockingClient.Mqtt5Publishes pubs = c.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            for (MqttQos q : MqttQos.values()) {
                c.publishWith().topic("dev1/data/" + q.getCode()).qos(q).payload(("m" + q.getCode()).getBytes())
                        .userProperties(Mqtt5UserProperties.of(com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty.of("k", "v" + q.getCode())))
                        .contentType("text/plain").send();
                Optional<Mqtt5Publish> got = pubs.receive(5, TimeUnit.SECONDS);
                assertThat(got).isPresent();
                assertThat(got.get().getTopic().toString()).isEqualTo("dev1/data/" + q.getCode());
                assertThat(got.get().getQos()).isEqualTo(q);
                assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + q.getCode());
                assertThat(got.get().getUserProperties().asList()).hasSize(1);
                assertThat(got.get().getUserProperties().asList().get(0).getValue().toString()).isEqualTo("v" + q.getCode());
                assertThat(got.get().getContentType()).hasValueSatisfying(ct -> assertThat(ct.toString()).isEqualTo("text/plain"));
            }
        }
        c.disconnect();
    }

    @Test
    void subscribeOutsidePolicyGetsNotAuthorizedReasonCode() throws Exception {
        Mqtt5BlockingClient c = HiveMq.v5(dev1, "dev1");
        c.connect();
        assertThatThrownBy(() -> c.subscribeWith().topicFilter("other/#").send())
                .isInstanceOf(Mqtt5SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5SubAckException) e).getMqttMessage().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        c.disconnect();
    }

    @Test
    void connectWithForeignClientIdIsRefusedByPolicy() throws Exception {
        Mqtt5BlockingClient c = HiveMq.v5(dev1, "someone-else");
        assertThatThrownBy(c::connect).isInstanceOf(Mqtt5ConnAckException.class)
                .satisfies(e -> assertThat(((Mqtt5ConnAckException) e).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        assertThat(cloud.connectRefusals()).anySatisfy(r -> assertThat(r.reason()).contains("iot:Connect"));
    }

    @Test
    void revokedCertificateIsRefusedAndAudited() throws Exception {
        String certId = Pem.certificateId(Pem.certificate(dev1.certificatePem()));
        cloud.registry().setStatus(certId, CertificateStatus.REVOKED);
        Mqtt5BlockingClient c = HiveMq.v5(dev1, "dev1");
        assertThatThrownBy(c::connect).isInstanceOfAny(Mqtt5ConnAckException.class, ConnectionFailedException.class);
        assertThat(cloud.connectRefusals()).anySatisfy(r -> assertThat(r.reason()).contains("REVOKED"));
        assertThat(cloud.auditFindings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo(AuditChecks.REVOKED_CERTIFICATE_CONNECT);
            assertThat(f.subject()).isEqualTo(certId);
        });
    }

    @Test
    void revokingACertificateDisconnectsItsClient() throws Exception {
        Mqtt5BlockingClient c = HiveMq.v5(dev1, "dev1");
        c.connect();
        cloud.registry().setStatus(Pem.certificateId(Pem.certificate(dev1.certificatePem())), CertificateStatus.INACTIVE);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !c.getState().isConnected());
        assertThat(cloud.broker().connectedClients()).isEmpty();
    }

    @Test
    void sameCertificateOnTwoClientIdsIsAudited() throws Exception {
        Mqtt5BlockingClient a = HiveMq.v5(dev1, "dev1");
        Mqtt5BlockingClient b = HiveMq.v5(dev1, "dev1-second");
        a.connect();
        b.connect();
        assertThat(cloud.auditFindings()).anySatisfy(f -> assertThat(f.check()).isEqualTo(AuditChecks.DEVICE_CERTIFICATE_SHARED));
        a.disconnect();
        b.disconnect();
    }

    @Test
    void expiredMessagesAreNotDeliveredToAReconnectingSession() throws Exception {
        Mqtt5BlockingClient sub = HiveMq.v5(dev1, "dev1-sub");
        sub.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        sub.subscribeWith().topicFilter("dev1/exp").qos(MqttQos.AT_LEAST_ONCE).send();
        sub.disconnect();
        Mqtt5BlockingClient pub = HiveMq.v5(dev1, "dev1-pub");
        pub.connect();
        pub.publishWith().topic("dev1/exp").qos(MqttQos.AT_LEAST_ONCE).payload("gone".getBytes()).messageExpiryInterval(1).send();
        pub.publishWith().topic("dev1/exp").qos(MqttQos.AT_LEAST_ONCE).payload("kept".getBytes()).messageExpiryInterval(600).send();
        await().pollDelay(1500, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> true);
        try (Mqtt5BlockingClient.Mqtt5Publishes pubs = sub.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, true)) {
            sub.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            Optional<Mqtt5Publish> got = pubs.receive(5, TimeUnit.SECONDS);
            assertThat(got).isPresent();
            assertThat(new String(got.get().getPayloadAsBytes())).isEqualTo("kept");
            assertThat(got.get().getMessageExpiryInterval()).isPresent();
            assertThat(pubs.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
        }
        assertThat(cloud.broker().stats().droppedExpired()).isEqualTo(1);
        sub.disconnect();
        pub.disconnect();
    }

    @Test
    void willWithDelayIsPublishedAfterTheDelayOnAbruptLoss() throws Exception {
        Mqtt5BlockingClient watcher = HiveMq.v5(dev1, "dev1-watch");
        watcher.connect();
        watcher.subscribeWith().topicFilter("dev1/will").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient dying = HiveMq.v5(dev1, "dev1-dying");
        dying.connectWith().sessionExpiryInterval(60).willPublish().topic("dev1/will").payload("bye".getBytes())
                .qos(MqttQos.AT_LEAST_ONCE).delayInterval(1).applyWillPublish().send();
        try (Mqtt5BlockingClient.Mqtt5Publishes pubs = watcher.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            cloud.broker().disconnect("dev1-dying"); // server-side loss: not a clean DISCONNECT from the client
            assertThat(pubs.receive(300, TimeUnit.MILLISECONDS)).isEmpty();
            Optional<Mqtt5Publish> will = pubs.receive(5, TimeUnit.SECONDS);
            assertThat(will).isPresent();
            assertThat(new String(will.get().getPayloadAsBytes())).isEqualTo("bye");
        }
        watcher.disconnect();
    }
}
