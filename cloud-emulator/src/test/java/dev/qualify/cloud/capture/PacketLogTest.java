package dev.qualify.cloud.capture;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PacketLogTest {

    @Test
    void everyPacketTypeHasItsSummaryAsDetailWhetherRecordedWithOneOrMadeFromItsFields() {
        PacketLog log = new PacketLog(100);
        log.packet("c1", null, true, MqttMessageBuilders.connect().clientId("b-1").protocolVersion(MqttVersion.MQTT_3_1_1)
                .keepAlive(30).build());
        log.packet("c1", "b-1", false, MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(true).build());
        log.packet("c1", "b-1", true, MqttMessageBuilders.publish().topicName("b/t").qos(MqttQoS.AT_LEAST_ONCE).retained(true)
                .messageId(7).payload(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8)).build());
        MqttProperties alias = new MqttProperties();
        alias.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, 3));
        log.packet("c1", "b-1", false, MqttMessageBuilders.publish().topicName("b/a").qos(MqttQoS.AT_MOST_ONCE).properties(alias)
                .payload(Unpooled.EMPTY_BUFFER).build());
        log.packet("c1", "b-1", true, MqttMessageBuilders.subscribe().messageId(3).addSubscription(MqttQoS.AT_LEAST_ONCE, "a/#")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "b/+").build());
        log.packet("c1", "b-1", false, new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE,
                false, 0), MqttMessageIdVariableHeader.from(3), new MqttSubAckPayload(1, 0x80)));
        log.packet("c1", "b-1", true, MqttMessageBuilders.unsubscribe().messageId(4).addTopicFilter("a/#").build());
        log.packet("c1", "b-1", false, MqttMessageBuilders.pubAck().packetId((short) 7).reasonCode((byte) 0x10).build());
        log.packet("c1", "b-1", true, new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));

        assertThat(log.packets()).extracting(CapturedPacket::detail).containsExactly(
                "CONNECT clientId=b-1 version=4 keepAlive=30 cleanSession=false",
                "CONNACK code=0 sessionPresent=true",
                "PUBLISH topic=b/t qos=1 retain bytes=5",
                "PUBLISH topic=b/a alias=3 qos=0 bytes=0",
                "SUBSCRIBE [a/#, b/+]",
                "SUBACK [1, 128]",
                "UNSUBSCRIBE [a/#]",
                "PUBACK id=7 code=16",
                "PINGREQ");
        assertThat(log.packets().get(2).toString()).endsWith(" b-1 IN PUBLISH id=7 PUBLISH topic=b/t qos=1 retain bytes=5");
        assertThat(log.packets().get(5).codes()).containsExactly(1, 128);
        assertThat(log.packets().get(7).codes()).containsExactly(16);
        assertThat(log.packets().get(3).payload()).isEmpty();
    }

    @Test
    void aPacketReadBackFromItsLineHasTheSameDetail() {
        PacketLog log = new PacketLog(10);
        log.packet("c1", "b-1", true, MqttMessageBuilders.publish().topicName("b/t").qos(MqttQoS.AT_LEAST_ONCE).messageId(7)
                .payload(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8)).build());
        CapturedPacket recorded = log.packets().get(0);
        CapturedPacket read = PacketFile.parse(PacketFile.line(recorded)).packet();
        assertThat(read.detail()).isEqualTo(recorded.detail()).isEqualTo("PUBLISH topic=b/t qos=1 bytes=5");
        assertThat(read.topicFilters()).isEqualTo(List.of());
    }
}
