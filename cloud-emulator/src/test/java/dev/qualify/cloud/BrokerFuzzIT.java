package dev.qualify.cloud;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Feeds random bytes and mutated valid packets to the broker. It must not crash, log no warnings or errors, leak no
 * connections, and keep serving a well-behaved client throughout.
 */
class BrokerFuzzIT {
    private static final long SEED = Long.getLong("fuzz.seed", 20261126L);
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 1500);
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir).withPorts(0, 0, -1));
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        cloud.close();
    }

    private static List<byte[]> corpus() {
        List<MqttMessage> msgs = new ArrayList<>();
        msgs.add(MqttMessageBuilders.connect().clientId("fz").cleanSession(true).keepAlive(30).protocolVersion(MqttVersion.MQTT_3_1_1).build());
        MqttProperties cp = new MqttProperties();
        cp.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 10));
        cp.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 5));
        msgs.add(MqttMessageBuilders.connect().clientId("fz5").cleanSession(false).keepAlive(30).protocolVersion(MqttVersion.MQTT_5)
                .properties(cp).willFlag(true).willTopic("fz/will").willMessage("w".getBytes()).willQoS(MqttQoS.AT_LEAST_ONCE).build());
        for (int q = 0; q <= 2; q++) {
            MqttProperties pp = new MqttProperties();
            pp.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, 1));
            pp.add(new MqttProperties.UserProperty("k", "v"));
            msgs.add(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(q), q == 1, 0),
                    new MqttPublishVariableHeader("fz/topic/" + q, q == 0 ? -1 : 10 + q, pp), Unpooled.wrappedBuffer(new byte[]{1, 2, 3})));
        }
        msgs.add(MqttMessageBuilders.subscribe().messageId(3).addSubscription(MqttQoS.EXACTLY_ONCE, "fz/#")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "+/x/+").build());
        msgs.add(MqttMessageBuilders.unsubscribe().messageId(4).addTopicFilter("fz/#").build());
        msgs.add(MqttMessage.PINGREQ);
        msgs.add(MqttMessageBuilders.pubAck().packetId(7).build());
        msgs.add(MqttMessage.DISCONNECT);
        List<byte[]> out = new ArrayList<>();
        for (MqttMessage m : msgs) {
            ByteBuf b = RawMqttClient.encodeForTest(m);
            out.add(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out;
    }

    private static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        switch (r.nextInt(6)) {
            case 0 -> {
                for (int i = 0; i < 1 + r.nextInt(4); i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            case 1 -> b = java.util.Arrays.copyOf(b, Math.max(1, r.nextInt(b.length)));
            case 2 -> {
                byte[] ext = new byte[b.length + 1 + r.nextInt(64)];
                System.arraycopy(b, 0, ext, 0, b.length);
                for (int i = b.length; i < ext.length; i++) ext[i] = (byte) r.nextInt(256);
                b = ext;
            }
            case 3 -> {
                if (b.length > 1) b[1] = (byte) r.nextInt(256); // remaining length
            }
            case 4 -> b[0] = (byte) r.nextInt(256); // type and flags
            default -> {
                b = new byte[1 + r.nextInt(300)];
                r.nextBytes(b);
            }
        }
        return b;
    }

    @Test
    void randomAndMutatedPacketsNeverBreakTheBrokerOrOtherClients() throws Exception {
        DeviceCredentials dev1 = cloud.provisionThing("dev1");
        Mqtt5BlockingClient good = HiveMq.v5(dev1, "dev1");
        good.connect();
        good.subscribeWith().topicFilter("dev1/ok").qos(MqttQos.AT_LEAST_ONCE).send();
        Endpoint plain = cloud.plainEndpoint().orElseThrow();
        List<byte[]> corpus = corpus();
        Random r = new Random(SEED);
        try (var pubs = good.publishes(MqttGlobalPublishFilter.ALL)) {
            for (int round = 0; round < ROUNDS; round++) {
                boolean tls = round % 10 == 9;
                try (Socket s = new Socket("127.0.0.1", tls ? cloud.mqttEndpoint().port() : plain.port())) {
                    s.setSoLinger(true, 0);
                    OutputStream o = s.getOutputStream();
                    if (!tls && r.nextBoolean()) o.write(corpus.get(r.nextInt(2)));
                    for (int i = 0; i < 1 + r.nextInt(4); i++) o.write(mutate(corpus.get(r.nextInt(corpus.size())), r));
                    o.flush();
                } catch (java.io.IOException closedByBroker) {
                    // the broker may close first: fine
                }
                if (round % 100 == 0) {
                    good.publishWith().topic("dev1/ok").qos(MqttQos.AT_LEAST_ONCE).payload(("alive-" + round).getBytes()).send();
                    String expected = "alive-" + round;
                    assertThat(pubs.receive(5, TimeUnit.SECONDS)).as("seed %d round %d", SEED, round)
                            .hasValueSatisfying(p -> assertThat(new String(p.getPayloadAsBytes())).isEqualTo(expected));
                }
            }
        }
        await().atMost(20, TimeUnit.SECONDS).until(() -> cloud.broker().openConnections() == 1);
        Mqtt5BlockingClient late = HiveMq.v5(dev1, "dev1-late");
        late.connect();
        late.disconnect();
        good.disconnect();
        assertThat(cloud.broker().stats().connectionsAccepted()).as("every round reached the broker").isGreaterThanOrEqualTo(ROUNDS);
        assertThat(cloud.packetLog().packets(p -> p.type() == dev.qualify.cloud.capture.PacketType.MALFORMED))
                .as("the fuzzer reached the decoder").isNotEmpty();
        assertThat(logs.list).as("warnings or errors logged during fuzzing (seed %d)", SEED)
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
    }
}
