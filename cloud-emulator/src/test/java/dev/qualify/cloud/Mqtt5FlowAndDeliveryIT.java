package dev.qualify.cloud;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.cloud.broker.BrokerLimits;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 5 flow control and delivery details against stock clients (HiveMQ, Paho v5; a raw client on Netty's MQTT codec
 * where a client must break the rules): Subscription Identifiers, server-assigned topic aliases, Receive Maximum both
 * ways, Server Keep Alive.
 */
class Mqtt5FlowAndDeliveryIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    DeviceCredentials dev1;
    final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    private void start(BrokerLimits limits) {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir).withLimits(limits));
        dev1 = cloud.provisionThing("dev1");
    }

    @AfterEach
    void stop() {
        for (Mqtt5BlockingClient c : clients) {
            if (c.getState().isConnected()) c.disconnect();
        }
        if (cloud != null) cloud.close();
    }

    private Mqtt5BlockingClient client(String clientId) throws Exception {
        Mqtt5BlockingClient c = HiveMq.v5(dev1, clientId);
        clients.add(c);
        return c;
    }

    private List<CapturedPacket> publishesTo(String clientId) {
        return cloud.packetLog().packets(p -> p.type() == PacketType.PUBLISH && p.direction() == Direction.OUT
                && clientId.equals(p.clientId()));
    }

    @Test
    void aMessageMatchingTwoSubscriptionsCarriesBothSubscriptionIdentifiers() throws Exception {
        start(BrokerLimits.IOT_CORE);
        MqttAsyncClient sub = new MqttAsyncClient("ssl://localhost:" + cloud.mqttEndpoint().port(), "dev1-sub", new MemoryPersistence());
        BlockingQueue<org.eclipse.paho.mqttv5.common.MqttMessage> got = new LinkedBlockingQueue<>();
        sub.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
                got.add(m);
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int reason, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(TestTls.sslContext(dev1).getSocketFactory());
        IMqttToken connected = sub.connect(o);
        connected.waitForCompletion(10_000);
        assertThat(connected.getResponseProperties().isSubscriptionIdentifiersAvailable()).isTrue();
        subscribe(sub, "dev1/sensors/#", 11);
        subscribe(sub, "dev1/sensors/+/temp", 22);
        subscribe(sub, "dev1/other", 33);

        Mqtt5BlockingClient pub = client("dev1-pub");
        pub.connect();
        pub.publishWith().topic("dev1/sensors/k1/temp").qos(MqttQos.AT_LEAST_ONCE).payload("21".getBytes()).send();
        pub.publishWith().topic("dev1/sensors/k1/hum").qos(MqttQos.AT_LEAST_ONCE).payload("40".getBytes()).send();
        org.eclipse.paho.mqttv5.common.MqttMessage both = got.poll(5, TimeUnit.SECONDS);
        org.eclipse.paho.mqttv5.common.MqttMessage one = got.poll(5, TimeUnit.SECONDS);
        assertThat(both).isNotNull();
        assertThat(one).isNotNull();
        // one copy for the session, with the identifiers of both matching subscriptions
        assertThat(new String(both.getPayload())).isEqualTo("21");
        assertThat(both.getProperties().getSubscriptionIdentifiers()).containsExactlyInAnyOrder(11, 22);
        assertThat(new String(one.getPayload())).isEqualTo("40");
        assertThat(one.getProperties().getSubscriptionIdentifiers()).containsExactly(11);
        assertThat(got.poll(500, TimeUnit.MILLISECONDS)).isNull();
        sub.disconnect().waitForCompletion(5000);
        sub.close();
    }

    private static void subscribe(MqttAsyncClient c, String filter, int id) throws MqttException {
        org.eclipse.paho.mqttv5.common.packet.MqttProperties p = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        p.setSubscriptionIdentifier(id);
        c.subscribe(new MqttSubscription[]{new MqttSubscription(filter, 1)}, null, null, p).waitForCompletion(5000);
    }

    @Test
    void repeatedTopicsGoOutAsAServerAssignedTopicAliasWithAnEmptyTopic() throws Exception {
        start(BrokerLimits.IOT_CORE);
        Mqtt5BlockingClient sub = client("dev1-sub");
        sub.connectWith().restrictions().topicAliasMaximum(2).applyRestrictions().send();
        Mqtt5BlockingClient noAliases = client("dev1-plain");
        noAliases.connectWith().restrictions().topicAliasMaximum(0).applyRestrictions().send();
        List<String> received = new ArrayList<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes pubs = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("dev1/t/#").qos(MqttQos.AT_LEAST_ONCE).send();
            noAliases.subscribeWith().topicFilter("dev1/t/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = client("dev1-pub");
            pub.connect();
            for (String t : List.of("dev1/t/a", "dev1/t/a", "dev1/t/b", "dev1/t/a", "dev1/t/c", "dev1/t/c")) {
                pub.publishWith().topic(t).qos(MqttQos.AT_LEAST_ONCE).payload(t.getBytes()).send();
            }
            for (int i = 0; i < 6; i++) {
                Mqtt5Publish p = pubs.receive(5, TimeUnit.SECONDS).orElseThrow();
                // the HiveMQ client resolves each alias back to the topic the message was published on
                assertThat(p.getTopic().toString()).isEqualTo(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
                received.add(p.getTopic().toString());
            }
        }
        assertThat(received).containsExactly("dev1/t/a", "dev1/t/a", "dev1/t/b", "dev1/t/a", "dev1/t/c", "dev1/t/c");
        await().atMost(5, TimeUnit.SECONDS).until(() -> publishesTo("dev1-sub").size() == 6 && publishesTo("dev1-plain").size() == 6);
        // on the wire: topic + alias the first time, then an empty topic + the alias; two aliases, then full topics
        assertThat(publishesTo("dev1-sub")).extracting(CapturedPacket::topic)
                .containsExactly("dev1/t/a", "", "dev1/t/b", "", "dev1/t/c", "dev1/t/c");
        assertThat(publishesTo("dev1-sub")).extracting(p -> p.detail().replaceAll(".*?( alias=\\d+)?( qos=.*)", "$1").trim())
                .containsExactly("alias=1", "alias=1", "alias=2", "alias=1", "", "");
        // a client that accepts no aliases gets none ([MQTT-3.1.2-30])
        assertThat(publishesTo("dev1-plain")).allSatisfy(p -> {
            assertThat(p.topic()).startsWith("dev1/t/");
            assertThat(p.detail()).doesNotContain("alias=");
        });
    }

    @Test
    void aClientExceedingTheAnnouncedReceiveMaximumIsDisconnectedWith0x93() throws Exception {
        start(BrokerLimits.IOT_CORE.withInflightWindow(5));
        try (RawMqttClient raw = RawMqttClient.tls(dev1, cloud.mqttEndpoint())) {
            MqttConnAckMessage connack = (MqttConnAckMessage) raw.connect("dev1-raw", true, 60, MqttVersion.MQTT_5);
            assertThat(connack.variableHeader().properties().getProperty(MqttProperties.RECEIVE_MAXIMUM).value()).isEqualTo(5);
            // QoS 2 PUBLISHes stay unacknowledged until PUBREL/PUBCOMP, which this client never sends
            for (int id = 1; id <= 5; id++) {
                raw.publish("dev1/flood", new byte[]{1}, 2, id, false, MqttProperties.NO_PROPERTIES);
                assertThat(raw.next(MqttMessageType.PUBREC, 5000)).isNotNull();
            }
            raw.publish("dev1/flood", new byte[]{1}, 2, 5, true, MqttProperties.NO_PROPERTIES); // a re-send is not new
            assertThat(raw.next(MqttMessageType.PUBREC, 5000)).isNotNull();
            assertThat(raw.isOpen()).isTrue();
            raw.publish("dev1/flood", new byte[]{1}, 2, 6, false, MqttProperties.NO_PROPERTIES);
            MqttMessage disconnect = raw.next(MqttMessageType.DISCONNECT, 5000);
            assertThat(disconnect).isNotNull();
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode() & 0xFF)
                    .isEqualTo(0x93);
            assertThat(raw.awaitClosed(5000)).isTrue();
        }
    }

    @Test
    void anInboundTopicAliasOfZeroOrAboveTheBrokersMaximumIsDisconnectedWith0x94() throws Exception {
        start(BrokerLimits.IOT_CORE);
        for (int alias : new int[]{0, 9}) { // the broker announces a Topic Alias Maximum of 8
            try (RawMqttClient raw = RawMqttClient.tls(dev1, cloud.mqttEndpoint())) {
                MqttConnAckMessage connack = (MqttConnAckMessage) raw.connect("dev1-alias" + alias, true, 60, MqttVersion.MQTT_5);
                assertThat(connack.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM).value()).isEqualTo(8);
                MqttProperties props = new MqttProperties();
                props.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, alias));
                raw.publish("dev1/a", new byte[]{1}, 1, 1, false, props);
                MqttMessage disconnect = raw.next(MqttMessageType.DISCONNECT, 5000);
                assertThat(disconnect).as("alias %d", alias).isNotNull();
                assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode() & 0xFF)
                        .isEqualTo(0x94);
                assertThat(raw.awaitClosed(5000)).isTrue();
            }
        }
    }

    @Test
    void deliveryNeverHasMoreQos1InFlightThanTheClientsReceiveMaximum() throws Exception {
        start(BrokerLimits.IOT_CORE);
        Mqtt5BlockingClient sub = client("dev1-slow");
        sub.connectWith().restrictions().receiveMaximum(3).applyRestrictions().send();
        BlockingQueue<Mqtt5Publish> held = new LinkedBlockingQueue<>();
        sub.toAsync().publishes(MqttGlobalPublishFilter.ALL, held::add, true); // acknowledged by the test, later
        sub.subscribeWith().topicFilter("dev1/burst").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient pub = client("dev1-pub");
        pub.connect();
        for (int i = 0; i < 10; i++) {
            pub.publishWith().topic("dev1/burst").qos(MqttQos.AT_LEAST_ONCE).payload(("m" + i).getBytes()).send();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> held.size() == 3);
        var session = cloud.broker().session("dev1-slow").orElseThrow();
        await().atMost(5, TimeUnit.SECONDS).until(() -> session.queuedMessages() == 7);
        assertThat(session.inflightMessages()).isEqualTo(3);
        assertThat(publishesTo("dev1-slow")).hasSize(3);
        List<String> order = new ArrayList<>();
        while (order.size() < 10) {
            Mqtt5Publish p = held.poll(5, TimeUnit.SECONDS);
            assertThat(p).as("message %d", order.size()).isNotNull();
            order.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
            assertThat(session.inflightMessages()).isLessThanOrEqualTo(3);
            p.acknowledge();
        }
        assertThat(order).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        assertThat(sub.getState().isConnected()).isTrue();
    }

    @Test
    void aLoweredKeepAliveIsAnnouncedAsServerKeepAliveAndEnforced() throws Exception {
        start(BrokerLimits.IOT_CORE.withKeepAliveRange(0, 2));
        Mqtt5BlockingClient c = client("dev1-ka");
        Mqtt5ConnAck ack = c.connectWith().keepAlive(60).send();
        assertThat(ack.getServerKeepAlive()).hasValue(2);
        // the client pings at the announced 2 s, so it outlives 1.5 x 2 s; at its own 60 s it would be cut off
        await().pollDelay(5, TimeUnit.SECONDS).atMost(10, TimeUnit.SECONDS).until(() -> true);
        assertThat(c.getState().isConnected()).isTrue();
        assertThat(cloud.packetLog().packets(p -> p.type() == PacketType.PINGREQ && "dev1-ka".equals(p.clientId())))
                .isNotEmpty();
        // a raw client that keeps its requested 60 s and never pings is closed by the 2 s keep-alive
        try (RawMqttClient raw = RawMqttClient.tls(dev1, cloud.mqttEndpoint())) {
            MqttConnAckMessage connack = (MqttConnAckMessage) raw.connect("dev1-silent", true, 60, MqttVersion.MQTT_5);
            assertThat(connack.variableHeader().properties().getProperty(MqttProperties.SERVER_KEEP_ALIVE).value()).isEqualTo(2);
            assertThat(raw.awaitClosed(10_000)).isTrue();
        }
    }

    @Test
    void aKeepAliveShorterThanTheMinimumIsRaisedAndAnnounced() throws Exception {
        start(BrokerLimits.IOT_CORE.withKeepAliveRange(30, 1200));
        Mqtt5BlockingClient c = client("dev1-short");
        assertThat(c.connectWith().keepAlive(5).send().getServerKeepAlive()).hasValue(30);
        Mqtt5BlockingClient within = client("dev1-within");
        assertThat(within.connectWith().keepAlive(60).send().getServerKeepAlive()).isEmpty();
    }
}
