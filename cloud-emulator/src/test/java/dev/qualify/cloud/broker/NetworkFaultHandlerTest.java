package dev.qualify.cloud.broker;

import dev.qualify.cloud.fault.FaultInjector;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkFaultHandlerTest {
    private final FaultInjector faults = new FaultInjector();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private EmbeddedChannel ch;

    @BeforeEach
    void channel() {
        ch = new EmbeddedChannel(new NetworkFaultHandler(faults, (c, l, r, e, d) -> events.add(e + ": " + d), "test"));
        ch.attr(MqttConnection.CLIENT_ID).set("dev");
        ch.freezeTime(); // the channel's clock moves only by advanceTimeBy
    }

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    private static MqttPublishMessage publish(int id) {
        return MqttMessageBuilders.publish().topicName("dev/t").qos(MqttQoS.AT_LEAST_ONCE).messageId(id)
                .payload(Unpooled.copiedBuffer(new byte[] {1})).build();
    }

    @Test
    void withoutAFaultPacketsPassAtOnceBothWays() {
        ch.writeOutbound(MqttMessage.PINGRESP);
        assertThat((Object) ch.readOutbound()).isSameAs(MqttMessage.PINGRESP);
        ch.writeInbound(MqttMessage.PINGREQ);
        assertThat((Object) ch.readInbound()).isSameAs(MqttMessage.PINGREQ);
    }

    @Test
    void latencyHoldsOutboundPacketsForItAndKeepsTheirOrderAfterItIsCleared() {
        faults.forClient("dev").latency(Duration.ofMillis(200));
        ch.writeOutbound(MqttMessage.PINGRESP);
        faults.clear();
        ChannelFuture second = ch.writeOneOutbound(publish(1));
        ch.flushOutbound();
        assertThat((Object) ch.readOutbound()).isNull(); // not even the one written without latency: it is behind the first
        ch.advanceTimeBy(150, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isSameAs(MqttMessage.PINGRESP);
        MqttPublishMessage p = ch.readOutbound();
        assertThat(p.variableHeader().packetId()).isEqualTo(1);
        p.release();
        assertThat(second.isSuccess()).isTrue();
        ch.writeOutbound(MqttMessage.PINGRESP); // and back to the direct path
        assertThat((Object) ch.readOutbound()).isSameAs(MqttMessage.PINGRESP);
    }

    @Test
    void totalLossDropsPublishesBothWaysReportsThemAndLetsOtherPacketsThrough() {
        faults.forClient("dev").loss(1.0);
        MqttPublishMessage in = publish(3);
        ch.writeInbound(in);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(in.refCnt()).isZero();
        ChannelFuture out = ch.writeOneOutbound(publish(4));
        ch.flushOutbound();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(out.isSuccess()).isTrue();
        ch.writeOutbound(MqttMessage.PINGRESP);
        assertThat((Object) ch.readOutbound()).isSameAs(MqttMessage.PINGRESP);
        assertThat(events).containsExactly("LOST: inbound PUBLISH id 3 on dev/t dropped by the loss fault",
                "LOST: outbound PUBLISH id 4 on dev/t dropped by the loss fault");
    }

    @Test
    void anotherClientsFaultDoesNotApply() {
        faults.forClient("other").loss(1.0);
        ch.writeInbound(publish(5));
        MqttPublishMessage p = ch.readInbound();
        assertThat(p).isNotNull();
        p.release();
    }
}
