package dev.qualify.samples.virtualboard.mqtt;

import dev.qualify.samples.virtualboard.Macros;
import dev.qualify.samples.virtualboard.transport.TlsTransport;
import dev.qualify.samples.virtualboard.unity.TestCase;
import dev.qualify.samples.virtualboard.unity.TestGroup;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.qualify.samples.virtualboard.unity.UnityAssert.assertEqual;
import static dev.qualify.samples.virtualboard.unity.UnityAssert.assertNotNull;
import static dev.qualify.samples.virtualboard.unity.UnityAssert.assertTrue;
import static dev.qualify.samples.virtualboard.unity.UnityAssert.fail;

/**
 * FLIT's MQTT test ({@code MQTT_TEST_ENABLED}, {@code RunMqttTest()}, Unity group {@code MqttTest}) on the board's
 * MQTT client (Eclipse Paho, standing for coreMQTT): it connects over TLS to {@code MQTT_SERVER_ENDPOINT}:
 * {@code MQTT_SERVER_PORT} as {@code MQTT_TEST_CLIENT_IDENTIFIER}, verifying the broker against
 * {@code IOT_CORE_ROOT_CA} (and that its certificate names the endpoint), presenting {@code MQTT_CLIENT_CERTIFICATE}
 * with {@code MQTT_CLIENT_PRIVATE_KEY} when set, and {@code MQTT_CLIENT_USERNAME} / {@code MQTT_CLIENT_PASSWORD}
 * when set (a Qualify addition for brokers with password logins). Every topic is under
 * {@code <client id>/iot/integration/test}, as FLIT's.
 *
 * <p>Each case publishes and expects its own message back through its subscription; {@code --fail-case} really
 * disturbs it (publishes elsewhere), so its check fails.
 */
public final class MqttTests {
    public static final String GROUP = "MqttTest";
    public static final List<String> CASES = List.of("MQTT_Subscribe_Publish_With_Qos_0", "MQTT_Subscribe_Publish_With_Qos_1",
            "MQTT_Publish_With_Retain_Flag", "MQTT_SubUnsub_Multiple_Topics");
    private static final String FILE = "mqtt_test.c";
    private static final long WAIT_MS = 10_000;

    private final Macros macros;
    private final String clientId;
    private final String topicBase;
    private MqttClient client;

    public MqttTests(Macros macros) {
        this.macros = macros;
        this.clientId = macros.get("MQTT_TEST_CLIENT_IDENTIFIER");
        this.topicBase = clientId + "/iot/integration/test";
    }

    public TestGroup group() {
        return new TestGroup(GROUP, FILE, TestGroup.Fixture.NONE, this::setUp, this::tearDown, List.of(
                TestCase.of(CASES.get(0), p -> subscribePublish(0, p)),
                TestCase.of(CASES.get(1), p -> subscribePublish(1, p)),
                TestCase.of(CASES.get(2), this::retain),
                TestCase.of(CASES.get(3), this::multipleTopics)));
    }

    private void setUp() throws Exception {
        if (clientId == null) throw fail("MQTT_TEST_CLIENT_IDENTIFIER is not set", "set it in test_param_config.h");
        String host = macros.get("MQTT_SERVER_ENDPOINT");
        assertNotNull(host, "MQTT_SERVER_ENDPOINT is not set");
        int port = (int) macros.integer("MQTT_SERVER_PORT", 8883);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(tls().getSocketFactory());
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(60);
        String user = set("MQTT_CLIENT_USERNAME");
        if (user != null) o.setUserName(user);
        String password = set("MQTT_CLIENT_PASSWORD");
        if (password != null) o.setPassword(password.toCharArray());
        client = new MqttClient("ssl://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port, clientId, new MemoryPersistence());
        try {
            client.connect(o);
        } catch (MqttException e) {
            throw fail("MQTT_Connect failed: " + e.getMessage() + " (reason " + e.getReasonCode() + ")", "connect to the broker");
        }
    }

    private void tearDown() throws Exception {
        if (client != null) {
            if (client.isConnected()) client.disconnect(2000);
            client.close();
            client = null;
        }
    }

    private void subscribePublish(int qos, boolean perturbed) throws Exception {
        String topic = topicBase + "/qos" + qos;
        BlockingQueue<MqttMessage> got = subscribe(topic, qos);
        byte[] payload = ("Hello World with QoS " + qos).getBytes(StandardCharsets.UTF_8);
        client.publish(perturbed ? topicBase + "/elsewhere" : topic, payload, qos, false);
        MqttMessage m = got.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(m, "no PUBLISH came back on " + topic);
        assertEqual(qos, m.getQos(), "QoS of the incoming PUBLISH");
        assertTrue(new String(m.getPayload(), StandardCharsets.UTF_8).equals(new String(payload, StandardCharsets.UTF_8)),
                "the incoming payload differs from the one sent");
    }

    private void retain(boolean perturbed) throws Exception {
        String topic = topicBase + "/retain";
        client.publish(topic, "retained".getBytes(StandardCharsets.UTF_8), 1, !perturbed);
        BlockingQueue<MqttMessage> got = subscribe(topic, 1);
        try {
            MqttMessage m = got.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(m, "the retained message was not delivered on subscribe to " + topic);
            assertTrue(m.isRetained(), "the delivered message has no retain flag");
        } finally {
            client.unsubscribe(topic);
            client.publish(topic, new byte[0], 1, true); // clears the retained message
        }
    }

    private void multipleTopics(boolean perturbed) throws Exception {
        String[] topics = {topicBase + "/multi/1", topicBase + "/multi/2"};
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        client.subscribe(topics, new int[]{1, 1}, new org.eclipse.paho.client.mqttv3.IMqttMessageListener[]{
                (t, m) -> got.add(t), (t, m) -> got.add(t)});
        for (String t : topics) client.publish(t, t.getBytes(StandardCharsets.UTF_8), 1, false);
        for (int i = 0; i < topics.length; i++) {
            assertNotNull(got.poll(WAIT_MS, TimeUnit.MILLISECONDS), "a PUBLISH of a subscribed topic did not come back");
        }
        client.unsubscribe(perturbed ? new String[]{topics[0]} : topics);
        client.publish(topics[1], "after".getBytes(StandardCharsets.UTF_8), 1, false);
        String late = got.poll(1000, TimeUnit.MILLISECONDS);
        assertTrue(late == null, "a PUBLISH arrived on " + late + " after UNSUBSCRIBE");
    }

    private BlockingQueue<MqttMessage> subscribe(String topic, int qos) throws MqttException {
        BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
        client.subscribe(topic, qos, (t, m) -> got.add(m));
        return got;
    }

    private String set(String macro) {
        String v = macros.get(macro);
        return v == null || v.isEmpty() || v.equals("NULL") ? null : v;
    }

    private SSLContext tls() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> roots = TlsTransport.certificates("IOT_CORE_ROOT_CA", macros.get("IOT_CORE_ROOT_CA"));
        for (int i = 0; i < roots.size(); i++) trust.setCertificateEntry("root-" + i, roots.get(i));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        String cert = set("MQTT_CLIENT_CERTIFICATE");
        if (cert != null) {
            List<X509Certificate> chain = TlsTransport.certificates("MQTT_CLIENT_CERTIFICATE", cert);
            PrivateKey key = TlsTransport.privateKey("MQTT_CLIENT_PRIVATE_KEY", macros.get("MQTT_CLIENT_PRIVATE_KEY"));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] pw = "virtual-board".toCharArray();
            keys.setKeyEntry("client", key, pw, chain.toArray(Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
