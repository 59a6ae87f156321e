package dev.qualify.cloud;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.cloud.ca.Pem;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** MQTT 5 shared subscriptions ({@code $share/{group}/{filter}}, §4.8.2) with the HiveMQ client over mutual TLS. */
class SharedSubscriptionsIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    DeviceCredentials dev1;
    final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir));
        dev1 = cloud.provisionThing("dev1");
    }

    @AfterEach
    void stop() {
        for (Mqtt5BlockingClient c : clients) {
            if (c.getState().isConnected()) c.disconnect();
        }
        cloud.close();
    }

    /** As IoT Core: iot:Subscribe on topicfilter/$share/{group}/{filter}, iot:Receive on the message's topic. */
    private void allowSharedSubscriptions() throws Exception {
        String doc = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "%s"}]}
                """.formatted(cloud.arns().topicFilter("$share/*/dev1/*"));
        cloud.registry().putPolicy("dev1-shared", doc);
        cloud.registry().attachPolicy("dev1-shared", Pem.certificateId(Pem.certificate(dev1.certificatePem())));
    }

    private Mqtt5BlockingClient connected(String clientId) throws Exception {
        Mqtt5BlockingClient c = HiveMq.v5(dev1, clientId);
        clients.add(c);
        c.connect();
        return c;
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void messagesOfASharedSubscriptionAreSpreadOverTheGroupsMembers() throws Exception {
        allowSharedSubscriptions();
        Map<String, List<String>> got = new ConcurrentHashMap<>();
        for (String id : List.of("dev1-a", "dev1-b", "dev1-c")) {
            Mqtt5BlockingClient c = connected(id);
            List<String> mine = new CopyOnWriteArrayList<>();
            got.put(id, mine);
            c.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> mine.add(text(p)));
            c.subscribeWith().topicFilter("$share/workers/dev1/jobs").qos(MqttQos.AT_LEAST_ONCE).send();
        }
        Mqtt5BlockingClient all = connected("dev1-all");
        List<String> everything = new CopyOnWriteArrayList<>();
        all.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> everything.add(text(p)));
        all.subscribeWith().topicFilter("dev1/jobs").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient pub = connected("dev1-pub");
        for (int i = 0; i < 30; i++) {
            pub.publishWith().topic("dev1/jobs").qos(MqttQos.AT_LEAST_ONCE).payload(("job" + i).getBytes()).send();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> everything.size() == 30
                && got.values().stream().mapToInt(List::size).sum() == 30);
        List<String> shared = new ArrayList<>();
        got.values().forEach(shared::addAll);
        // each message went to exactly one member; round robin over three connected members gives each ten
        assertThat(shared).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(everything);
        assertThat(got.values()).allSatisfy(l -> assertThat(l).hasSize(10));
        assertThat(pubsTo("dev1-a") + pubsTo("dev1-b") + pubsTo("dev1-c")).isEqualTo(30);
    }

    private long pubsTo(String clientId) {
        return cloud.packetLog().packets(p -> p.type() == dev.qualify.cloud.capture.PacketType.PUBLISH
                && p.direction() == dev.qualify.cloud.capture.Direction.OUT && clientId.equals(p.clientId())).size();
    }

    @Test
    void retainedMessagesAreNotSentOnASharedSubscribe() throws Exception {
        allowSharedSubscriptions();
        Mqtt5BlockingClient pub = connected("dev1-pub");
        pub.publishWith().topic("dev1/state").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload("retained".getBytes()).send();

        Mqtt5BlockingClient member = connected("dev1-member");
        Mqtt5BlockingClient plain = connected("dev1-plain");
        try (Mqtt5BlockingClient.Mqtt5Publishes memberPubs = member.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5BlockingClient.Mqtt5Publishes plainPubs = plain.publishes(MqttGlobalPublishFilter.ALL)) {
            member.subscribeWith().topicFilter("$share/g/dev1/state").qos(MqttQos.AT_LEAST_ONCE).send();
            plain.subscribeWith().topicFilter("dev1/state").qos(MqttQos.AT_LEAST_ONCE).send();
            // the non-shared subscription gets the retained message, the shared one does not
            Optional<Mqtt5Publish> toPlain = plainPubs.receive(5, TimeUnit.SECONDS);
            assertThat(toPlain).hasValueSatisfying(p -> assertThat(p.isRetain()).isTrue());
            assertThat(memberPubs.receive(1, TimeUnit.SECONDS)).isEmpty();
            // the shared subscription is in place: a new message reaches it
            pub.publishWith().topic("dev1/state").qos(MqttQos.AT_LEAST_ONCE).payload("live".getBytes()).send();
            Optional<Mqtt5Publish> live = memberPubs.receive(5, TimeUnit.SECONDS);
            assertThat(live).hasValueSatisfying(p -> assertThat(text(p)).isEqualTo("live"));
        }
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError() throws Exception {
        allowSharedSubscriptions();
        try (RawMqttClient raw = RawMqttClient.tls(dev1, cloud.mqttEndpoint())) {
            assertThat(raw.connect("dev1-raw", true, 60, MqttVersion.MQTT_5)).isNotNull();
            raw.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription("$share/g/dev1/x",
                    new MqttSubscriptionOption(MqttQoS.AT_LEAST_ONCE, true, false,
                            MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE)).build());
            MqttMessage disconnect = raw.next(MqttMessageType.DISCONNECT, 5000);
            assertThat(disconnect).isNotNull();
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode() & 0xFF)
                    .isEqualTo(0x82);
            assertThat(raw.awaitClosed(5000)).isTrue();
        }
        assertThat(cloud.broker().session("dev1-raw").map(s -> s.subscriptions().isEmpty()).orElse(true)).isTrue();
    }

    @Test
    void sharedSubscribeNeedsIotSubscribeOnTheFilterWithItsSharePrefix() throws Exception {
        // the default policy allows topicfilter/dev1/*, which does not cover topicfilter/$share/g/dev1/x
        Mqtt5BlockingClient c = connected("dev1-denied");
        assertThatThrownBy(() -> c.subscribeWith().topicFilter("$share/g/dev1/x").send())
                .isInstanceOf(Mqtt5SubAckException.class)
                .satisfies(e -> assertThat(((Mqtt5SubAckException) e).getMqttMessage().getReasonCodes())
                        .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        allowSharedSubscriptions();
        assertThat(c.subscribeWith().topicFilter("$share/g/dev1/x").send().getReasonCodes())
                .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2);
    }

    @Test
    void anUnacknowledgedQos1MessageGoesToAnotherMemberWhenItsSessionEnds() throws Exception {
        allowSharedSubscriptions();
        Mqtt5BlockingClient first = connected("dev1-first");
        BlockingQueue<Mqtt5Publish> held = new LinkedBlockingQueue<>();
        first.toAsync().publishes(MqttGlobalPublishFilter.ALL, held::add, true); // manual acknowledgement: never sent
        first.subscribeWith().topicFilter("$share/g/dev1/work").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient second = connected("dev1-second");
        BlockingQueue<Mqtt5Publish> got = new LinkedBlockingQueue<>();
        second.toAsync().publishes(MqttGlobalPublishFilter.ALL, got::add);
        second.subscribeWith().topicFilter("$share/g/dev1/work").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5BlockingClient pub = connected("dev1-pub");
        pub.publishWith().topic("dev1/work").qos(MqttQos.AT_LEAST_ONCE).payload("task".getBytes()).send();
        Mqtt5Publish atFirst = held.poll(5, TimeUnit.SECONDS);
        assertThat(atFirst).isNotNull();
        assertThat(got.poll(500, TimeUnit.MILLISECONDS)).isNull();
        // the first member leaves without acknowledging; its session (expiry 0) ends with it
        first.disconnect();
        Mqtt5Publish atSecond = got.poll(5, TimeUnit.SECONDS);
        assertThat(atSecond).isNotNull();
        assertThat(text(atSecond)).isEqualTo("task");
    }
}
