package dev.qualify.cloud;

import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;
import dev.qualify.api.cloud.DeviceCredentials;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Packet-level broker behaviour, fault injection and packet capture, with a raw Netty MQTT client. */
class BrokerProtocolIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    DeviceCredentials dev1;

    @BeforeEach
    void start() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir).withLimits(
                dev.qualify.cloud.broker.BrokerLimits.IOT_CORE.withMaxQueuedPerClient(50)));
        dev1 = cloud.provisionThing("dev1");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private RawMqttClient raw() throws Exception {
        return RawMqttClient.tls(dev1, cloud.mqttEndpoint());
    }

    private static int code(MqttMessage connack) {
        return ((MqttConnAckMessage) connack).variableHeader().connectReturnCode().byteValue() & 0xFF;
    }

    @Test
    void unacknowledgedQos1IsRedeliveredWithDupAndSamePacketIdOnReconnect() throws Exception {
        try (RawMqttClient sub = raw()) {
            assertThat(code(sub.connect("dev1-sub", false, 60, MqttVersion.MQTT_3_1_1))).isZero();
            sub.subscribe(1, "dev1/dup", 1);
            assertThat(sub.next(MqttMessageType.SUBACK, 5000)).isNotNull();
            cloud.broker().publish(dev.qualify.cloud.broker.Message.internal("dev1/dup", "x".getBytes(), 1));
            MqttPublishMessage first = (MqttPublishMessage) sub.next(MqttMessageType.PUBLISH, 5000);
            assertThat(first.fixedHeader().isDup()).isFalse();
            int id = first.variableHeader().packetId();
            first.release();
            sub.channel().close().syncUninterruptibly(); // gone without PUBACK
            try (RawMqttClient again = raw()) {
                MqttMessage ack = again.connect("dev1-sub", false, 60, MqttVersion.MQTT_3_1_1);
                assertThat(((MqttConnAckMessage) ack).variableHeader().isSessionPresent()).isTrue();
                MqttPublishMessage re = (MqttPublishMessage) again.next(MqttMessageType.PUBLISH, 5000);
                assertThat(re.fixedHeader().isDup()).isTrue();
                assertThat(re.variableHeader().packetId()).isEqualTo(id);
                re.release();
                again.ack(MqttMessageType.PUBACK, id);
            }
        }
        List<CapturedPacket> outs = cloud.packetLog().packets(p -> "dev1-sub".equals(p.clientId())
                && p.direction() == Direction.OUT && p.type() == PacketType.PUBLISH);
        assertThat(outs).hasSize(2);
        assertThat(outs.get(1).dup()).isTrue();
        assertThat(outs.get(1).packetId()).isEqualTo(outs.get(0).packetId());
    }

    @Test
    void withheldConnackForTwoAttemptsThenAccepted() throws Exception {
        cloud.faults().forClient("dev1").withholdConnack(2);
        for (int i = 0; i < 2; i++) {
            try (RawMqttClient c = raw()) {
                assertThat(c.connect("dev1", true, 60, MqttVersion.MQTT_3_1_1)).isNull();
            }
        }
        try (RawMqttClient c = raw()) {
            assertThat(code(c.connect("dev1", true, 60, MqttVersion.MQTT_3_1_1))).isZero();
        }
        List<CapturedPacket> connects = cloud.packetLog().packets(p -> p.type() == PacketType.CONNECT && "dev1".equals(p.clientId()));
        assertThat(connects).hasSize(3);
        assertThat(connects.get(1).nanos()).isGreaterThan(connects.get(0).nanos());
    }

    @Test
    void refusedConnectUsesTheCodeOfTheClientsProtocolVersion() throws Exception {
        cloud.faults().forClient("dev1").refuseConnect(3, 2);
        try (RawMqttClient c = raw()) {
            assertThat(code(c.connect("dev1", true, 60, MqttVersion.MQTT_3_1_1))).isEqualTo(3);
            assertThat(c.awaitClosed(5000)).isTrue();
        }
        try (RawMqttClient c = raw()) {
            assertThat(code(c.connect("dev1", true, 60, MqttVersion.MQTT_5))).isEqualTo(0x88);
        }
    }

    @Test
    void disconnectRightAfterConnack() throws Exception {
        cloud.faults().forClient("dev1").disconnectAfterConnack(1);
        try (RawMqttClient c = raw()) {
            assertThat(code(c.connect("dev1", true, 60, MqttVersion.MQTT_3_1_1))).isZero();
            assertThat(c.awaitClosed(5000)).isTrue();
        }
    }

    @Test
    void withheldPubackSubackAndPingresp() throws Exception {
        cloud.faults().forClient("dev1").withholdPuback(1).withholdSuback(1).withholdPingresp(1);
        try (RawMqttClient c = raw()) {
            c.connect("dev1", true, 60, MqttVersion.MQTT_3_1_1);
            c.publish("dev1/a", "1".getBytes(), 1, 5, false, MqttProperties.NO_PROPERTIES);
            assertThat(c.next(MqttMessageType.PUBACK, 500)).isNull();
            c.publish("dev1/a", "1".getBytes(), 1, 5, true, MqttProperties.NO_PROPERTIES);
            assertThat(c.next(MqttMessageType.PUBACK, 5000)).isNotNull();
            c.subscribe(6, "dev1/b", 1);
            assertThat(c.next(MqttMessageType.SUBACK, 500)).isNull();
            c.subscribe(6, "dev1/b", 1);
            assertThat(c.next(MqttMessageType.SUBACK, 5000)).isNotNull();
            c.send(MqttMessage.PINGREQ);
            assertThat(c.next(MqttMessageType.PINGRESP, 500)).isNull();
            c.send(MqttMessage.PINGREQ);
            assertThat(c.next(MqttMessageType.PINGRESP, 5000)).isNotNull();
        }
        List<CapturedPacket> pubs = cloud.packetLog().packets(p -> p.type() == PacketType.PUBLISH && p.direction() == Direction.IN);
        assertThat(pubs).extracting(CapturedPacket::packetId).containsExactly(5, 5);
        assertThat(pubs).extracting(CapturedPacket::dup).containsExactly(false, true);
    }

    @Test
    void keepAliveIsEnforcedWhileActivityKeepsTheConnectionOpen() throws Exception {
        try (RawMqttClient active = raw(); RawMqttClient silent = raw()) {
            active.connect("dev1-active", true, 1, MqttVersion.MQTT_3_1_1);
            silent.connect("dev1-silent", true, 1, MqttVersion.MQTT_3_1_1);
            // pings twice per keep-alive period: the broker must answer each and keep the connection
            for (int i = 0; i < 6; i++) {
                active.send(MqttMessage.PINGREQ);
                assertThat(active.next(MqttMessageType.PINGRESP, 5000)).isNotNull();
                Thread.sleep(500);
            }
            assertThat(active.isOpen()).isTrue();
            assertThat(silent.awaitClosed(10_000)).isTrue();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> cloud.packetLog().connectionEvents().stream()
                .anyMatch(e -> e.event().equals("CLOSED") && "MQTT_KEEP_ALIVE_TIMEOUT".equals(e.detail())));
    }

    @Test
    void qos2DuplicateBeforePubrelIsDeliveredOnce() throws Exception {
        try (RawMqttClient sub = raw(); RawMqttClient pub = raw()) {
            sub.connect("dev1-sub", true, 60, MqttVersion.MQTT_3_1_1);
            sub.subscribe(1, "dev1/q2", 0);
            sub.next(MqttMessageType.SUBACK, 5000);
            pub.connect("dev1-pub", true, 60, MqttVersion.MQTT_3_1_1);
            pub.publish("dev1/q2", "once".getBytes(), 2, 9, false, MqttProperties.NO_PROPERTIES);
            assertThat(pub.next(MqttMessageType.PUBREC, 5000)).isNotNull();
            pub.publish("dev1/q2", "once".getBytes(), 2, 9, true, MqttProperties.NO_PROPERTIES);
            assertThat(pub.next(MqttMessageType.PUBREC, 5000)).isNotNull();
            pub.ack(MqttMessageType.PUBREL, 9);
            assertThat(pub.next(MqttMessageType.PUBCOMP, 5000)).isNotNull();
            assertThat(sub.next(MqttMessageType.PUBLISH, 5000)).isNotNull();
            assertThat(sub.next(MqttMessageType.PUBLISH, 500)).isNull();
        }
    }

    @Test
    void mqtt5TopicAliasIsResolvedForSubscribers() throws Exception {
        try (RawMqttClient sub = raw(); RawMqttClient pub = raw()) {
            sub.connect("dev1-sub", true, 60, MqttVersion.MQTT_3_1_1);
            sub.subscribe(1, "dev1/alias", 0);
            sub.next(MqttMessageType.SUBACK, 5000);
            MqttConnAckMessage ack = (MqttConnAckMessage) pub.connect("dev1-pub", true, 60, MqttVersion.MQTT_5);
            assertThat(ack.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM).value()).isEqualTo(8);
            MqttProperties p1 = new MqttProperties();
            p1.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, 1));
            pub.publish("dev1/alias", "a".getBytes(), 0, 0, false, p1);
            MqttProperties p2 = new MqttProperties();
            p2.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, 1));
            pub.publish("", "b".getBytes(), 0, 0, false, p2);
            for (String expected : List.of("a", "b")) {
                MqttPublishMessage m = (MqttPublishMessage) sub.next(MqttMessageType.PUBLISH, 5000);
                assertThat(m.variableHeader().topicName()).isEqualTo("dev1/alias");
                assertThat(m.payload().toString(StandardCharsets.UTF_8)).isEqualTo(expected);
                m.release();
            }
        }
    }

    @Test
    void mqtt5PublishOutsidePolicyGetsNotAuthorizedPuback() throws Exception {
        try (RawMqttClient c = raw()) {
            c.connect("dev1", true, 60, MqttVersion.MQTT_5);
            c.publish("dev2/x", "no".getBytes(), 1, 3, false, MqttProperties.NO_PROPERTIES);
            MqttMessage ack = c.next(MqttMessageType.PUBACK, 5000);
            assertThat(((MqttPubReplyMessageVariableHeader) ack.variableHeader()).reasonCode() & 0xFF).isEqualTo(0x87);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void reservedResponseTopicsCannotBePublishedByDevices() throws Exception {
        try (RawMqttClient c = raw()) {
            c.connect("dev1", true, 60, MqttVersion.MQTT_5);
            c.publish("$aws/things/dev1/shadow/update/accepted", "{}".getBytes(), 1, 3, false, MqttProperties.NO_PROPERTIES);
            MqttMessage ack = c.next(MqttMessageType.PUBACK, 5000);
            assertThat(((MqttPubReplyMessageVariableHeader) ack.variableHeader()).reasonCode() & 0xFF).isEqualTo(0x87);
        }
    }

    @Test
    void payloadOverTheLimitClosesTheConnection() throws Exception {
        try (RawMqttClient c = raw()) {
            c.connect("dev1", true, 60, MqttVersion.MQTT_3_1_1);
            c.publish("dev1/big", new byte[128 * 1024 + 1], 0, 0, false, MqttProperties.NO_PROPERTIES);
            assertThat(c.awaitClosed(5000)).isTrue();
        }
    }

    @Test
    void moreThanEightFiltersInOneSubscribeAreRefusedBeyondTheEighth() throws Exception {
        try (RawMqttClient c = raw()) {
            c.connect("dev1", true, 60, MqttVersion.MQTT_3_1_1);
            var b = MqttMessageBuilders.subscribe().messageId(2);
            for (int i = 0; i < 9; i++) b.addSubscription(MqttQoS.AT_LEAST_ONCE, "dev1/f" + i);
            c.send(b.build());
            MqttSubAckMessage ack = (MqttSubAckMessage) c.next(MqttMessageType.SUBACK, 5000);
            assertThat(ack.payload().reasonCodes()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 0x80);
        }
    }

    @Test
    void slowSubscriberIsBoundedByBackPressureAndDropsAreCounted() throws Exception {
        try (RawMqttClient slow = RawMqttClient.tlsNotReading(dev1, cloud.mqttEndpoint())) {
            slow.startReading();
            slow.connect("dev1-slow", true, 60, MqttVersion.MQTT_3_1_1);
            slow.subscribe(1, "dev1/flood", 1);
            slow.next(MqttMessageType.SUBACK, 5000);
            slow.channel().config().setAutoRead(false); // stop reading: the socket buffers fill up
            byte[] payload = new byte[8 * 1024];
            for (int i = 0; i < 3000; i++) {
                cloud.broker().publish(dev.qualify.cloud.broker.Message.internal("dev1/flood", payload, i % 2));
            }
            var session = cloud.broker().session("dev1-slow").orElseThrow();
            assertThat(session.queuedMessages()).isLessThanOrEqualTo(50);
            assertThat(session.droppedMessages()).isPositive();
            assertThat(cloud.broker().droppedByClient()).containsKey("dev1-slow");
            assertThat(cloud.broker().stats().droppedQueueFull() + cloud.broker().stats().droppedNotWritable())
                    .isEqualTo(session.droppedMessages());
        }
    }

    @Test
    void unsubscribeStopsDeliveryAndMqtt5ReportsMissingSubscriptions() throws Exception {
        try (RawMqttClient v3 = raw(); RawMqttClient v5 = raw()) {
            v3.connect("dev1-v3", true, 60, MqttVersion.MQTT_3_1_1);
            v3.subscribe(1, "dev1/u", 0);
            v3.next(MqttMessageType.SUBACK, 5000);
            v3.send(MqttMessageBuilders.unsubscribe().messageId(2).addTopicFilter("dev1/u").build());
            assertThat(v3.next(MqttMessageType.UNSUBACK, 5000)).isNotNull();
            cloud.broker().publish(dev.qualify.cloud.broker.Message.internal("dev1/u", "x".getBytes(), 0));
            assertThat(v3.next(MqttMessageType.PUBLISH, 500)).isNull();

            v5.connect("dev1-v5", true, 60, MqttVersion.MQTT_5);
            v5.send(MqttMessageBuilders.unsubscribe().messageId(3).addTopicFilter("dev1/never").build());
            var ack = (io.netty.handler.codec.mqtt.MqttUnsubAckMessage) v5.next(MqttMessageType.UNSUBACK, 5000);
            assertThat(ack.payload().unsubscribeReasonCodes()).containsExactly((short) 0x11);
        }
    }
}
