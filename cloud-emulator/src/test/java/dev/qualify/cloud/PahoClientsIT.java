package dev.qualify.cloud;

import dev.qualify.api.cloud.DeviceCredentials;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Eclipse Paho MQTT 3.1.1 and MQTT 5 Java clients over mutual TLS. */
class PahoClientsIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    DeviceCredentials dev1;
    String uri;

    @BeforeEach
    void start() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir));
        dev1 = cloud.provisionThing("dev1");
        uri = "ssl://localhost:" + cloud.mqttEndpoint().port();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private MqttConnectOptions v3Options(DeviceCredentials c, boolean clean) throws Exception {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(TestTls.sslContext(c).getSocketFactory());
        o.setCleanSession(clean);
        o.setAutomaticReconnect(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        return o;
    }

    private static IMqttMessageListener into(BlockingQueue<String> q) {
        return (topic, msg) -> q.add(topic + " " + new String(msg.getPayload(), StandardCharsets.UTF_8) + " q" + msg.getQos()
                + (msg.isRetained() ? " r" : ""));
    }

    @Test
    void pahoV3Qos0_1_2RoundTrips() throws Exception {
        MqttClient c = new MqttClient(uri, "dev1", new MemoryPersistence());
        c.connect(v3Options(dev1, true));
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        c.subscribe("dev1/rt", 2, into(got));
        for (int q = 0; q <= 2; q++) c.publish("dev1/rt", ("m" + q).getBytes(), q, false);
        assertThat(List.of(got.poll(5, TimeUnit.SECONDS), got.poll(5, TimeUnit.SECONDS), got.poll(5, TimeUnit.SECONDS)))
                .containsExactly("dev1/rt m0 q0", "dev1/rt m1 q1", "dev1/rt m2 q2");
        c.disconnect();
        c.close();
    }

    @Test
    void pahoV3WillIsPublishedOnAbruptDisconnectOnly() throws Exception {
        MqttClient watcher = new MqttClient(uri, "dev1-watch", new MemoryPersistence());
        watcher.connect(v3Options(dev1, true));
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        watcher.subscribe("dev1/will/#", 1, into(got));

        MqttAsyncClient polite = new MqttAsyncClient(uri, "dev1-polite", new MemoryPersistence());
        MqttConnectOptions o = v3Options(dev1, true);
        o.setWill("dev1/will/polite", "gone".getBytes(), 1, false);
        polite.connect(o).waitForCompletion(5000);
        polite.disconnect().waitForCompletion(5000);

        MqttAsyncClient rude = new MqttAsyncClient(uri, "dev1-rude", new MemoryPersistence());
        MqttConnectOptions o2 = v3Options(dev1, true);
        o2.setWill("dev1/will/rude", "lost".getBytes(), 1, false);
        rude.connect(o2).waitForCompletion(5000);
        rude.disconnectForcibly(0, 1000, false); // closes the socket without DISCONNECT

        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("dev1/will/rude lost q1");
        assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
        watcher.disconnect();
    }

    @Test
    void pahoV3PersistentSessionResumesWithQueuedQos1Messages() throws Exception {
        MqttClient sub = new MqttClient(uri, "dev1-persist", new MemoryPersistence());
        sub.connect(v3Options(dev1, false));
        sub.subscribe("dev1/q", 1);
        sub.disconnect();
        MqttClient pub = new MqttClient(uri, "dev1-pub", new MemoryPersistence());
        pub.connect(v3Options(dev1, true));
        for (int i = 0; i < 5; i++) pub.publish("dev1/q", ("q" + i).getBytes(), 1, false);
        pub.disconnect();

        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        sub.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                got.add(new String(message.getPayload()));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        sub.connect(v3Options(dev1, false));
        for (int i = 0; i < 5; i++) assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("q" + i);
        assertThat(cloud.packetLog().packets("dev1-persist")).anySatisfy(p -> assertThat(p.detail()).contains("sessionPresent=true"));
        sub.disconnect();
    }

    @Test
    void clientIdTakeoverClosesTheOlderConnection() throws Exception {
        MqttClient first = new MqttClient(uri, "dev1", new MemoryPersistence());
        first.connect(v3Options(dev1, true));
        MqttClient second = new MqttClient(uri, "dev1", new MemoryPersistence());
        second.connect(v3Options(dev1, true));
        await().atMost(5, TimeUnit.SECONDS).until(() -> !first.isConnected());
        assertThat(second.isConnected()).isTrue();
        assertThat(cloud.broker().connectedClients()).hasSize(1);
        second.disconnect();
    }

    @Test
    void pahoV3PublishOutsidePolicyClosesTheConnection() throws Exception {
        MqttClient c = new MqttClient(uri, "dev1", new MemoryPersistence());
        c.connect(v3Options(dev1, true));
        assertThatThrownBy(() -> c.publish("dev2/data", "x".getBytes(), 1, false)).isInstanceOf(MqttException.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !c.isConnected());
        assertThat(cloud.packetLog().connectionEvents()).anySatisfy(e -> assertThat(e.event()).isEqualTo("PUBLISH_DENIED"));
    }

    @Test
    void lifecycleEventsAreDeliveredToAnAllowedSubscriber() throws Exception {
        DeviceCredentials monitor = cloud.provisionThing("monitor");
        cloud.registry().putPolicy("events", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iot:Subscribe","iot:Receive"],
                 "Resource":["arn:aws:iot:us-east-1:000000000000:topicfilter/$aws/events/presence/*",
                             "arn:aws:iot:us-east-1:000000000000:topic/$aws/events/presence/*"]}]}""");
        cloud.registry().attachPolicy("events", cloud.registry().certificatesOfThing("monitor").get(0).id());
        MqttClient m = new MqttClient(uri, "monitor", new MemoryPersistence());
        m.connect(v3Options(monitor, true));
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        m.subscribe("$aws/events/presence/+/dev1", 1, into(got));
        MqttClient d = new MqttClient(uri, "dev1", new MemoryPersistence());
        d.connect(v3Options(dev1, true));
        d.disconnect();
        String connected = got.poll(5, TimeUnit.SECONDS);
        String disconnected = got.poll(5, TimeUnit.SECONDS);
        assertThat(connected).startsWith("$aws/events/presence/connected/dev1 {").contains("\"eventType\":\"connected\"");
        assertThat(disconnected).startsWith("$aws/events/presence/disconnected/dev1 {")
                .contains("\"disconnectReason\":\"CLIENT_INITIATED_DISCONNECT\"", "\"clientInitiatedDisconnect\":true");
        m.disconnect();
    }

    @Test
    void pahoV5RoundTripWithUserPropertiesAndSessionResume() throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient c = new org.eclipse.paho.mqttv5.client.MqttClient(uri, "dev1",
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(TestTls.sslContext(dev1).getSocketFactory());
        o.setCleanStart(true);
        o.setSessionExpiryInterval(120L);
        c.connect(o);
        BlockingQueue<org.eclipse.paho.mqttv5.common.MqttMessage> got = new LinkedBlockingQueue<>();
        org.eclipse.paho.mqttv5.common.MqttSubscription s = new org.eclipse.paho.mqttv5.common.MqttSubscription("dev1/v5/#", 2);
        c.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[]{s},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[]{(t, msg) -> got.add(msg)});
        org.eclipse.paho.mqttv5.common.MqttMessage msg = new org.eclipse.paho.mqttv5.common.MqttMessage("five".getBytes());
        msg.setQos(2);
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(new UserProperty("trace", "42")));
        props.setResponseTopic("dev1/v5/reply");
        msg.setProperties(props);
        c.publish("dev1/v5/a", msg);
        org.eclipse.paho.mqttv5.common.MqttMessage in = got.poll(5, TimeUnit.SECONDS);
        assertThat(in).isNotNull();
        assertThat(new String(in.getPayload())).isEqualTo("five");
        assertThat(in.getQos()).isEqualTo(2);
        assertThat(in.getProperties().getUserProperties()).extracting(UserProperty::getValue).containsExactly("42");
        assertThat(in.getProperties().getResponseTopic()).isEqualTo("dev1/v5/reply");
        c.disconnect();
        o.setCleanStart(false);
        org.eclipse.paho.mqttv5.client.IMqttToken t = c.connectWithResult(o);
        assertThat(t.getSessionPresent()).isTrue();
        c.disconnect();
        c.close();
    }
}
