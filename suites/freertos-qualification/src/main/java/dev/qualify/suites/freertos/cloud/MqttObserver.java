package dev.qualify.suites.freertos.cloud;

import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.support.ClientTls;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The suite's own MQTT connection to the run's broker, whatever its type (emulated, any MQTT broker, AWS IoT Core):
 * it logs in with a device's credentials as client {@code <thing>-observer} (which thing-scoped policies allow),
 * subscribes to a topic filter and keeps every message it receives, so a group can check what reached the broker
 * from the device. Thread-safe; {@link #close()} disconnects.
 */
public final class MqttObserver implements AutoCloseable {
    /** One received message. */
    public record Message(String topic, String payload, int qos) {
    }

    private final MqttClient client;
    private final List<Message> received = new ArrayList<>();

    private MqttObserver(MqttClient client) {
        this.client = client;
    }

    /**
     * Connects and subscribes to {@code filter} with QoS 1.
     *
     * @throws CloudException when the broker cannot be reached or refuses the connection or subscription
     */
    public static MqttObserver subscribe(DeviceCredentials credentials, String filter) {
        String id = credentials.thingName() + "-observer";
        try {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(tls(credentials).getSocketFactory());
            o.setCleanSession(true);
            o.setConnectionTimeout(10);
            o.setAutomaticReconnect(false);
            if (credentials.username() != null) o.setUserName(credentials.username());
            if (credentials.password() != null) o.setPassword(credentials.password().toCharArray());
            String host = credentials.endpoint().host();
            MqttClient client = new MqttClient("ssl://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + credentials.endpoint().port(), id, new MemoryPersistence());
            client.connect(o);
            MqttObserver observer = new MqttObserver(client);
            int[] granted = client.subscribeWithResponse(new String[]{filter}, new int[]{1},
                    new org.eclipse.paho.client.mqttv3.IMqttMessageListener[]{(t, m) -> observer.add(
                            new Message(t, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos()))}).getGrantedQos();
            if (granted.length == 0 || granted[0] == 0x80) {
                observer.close();
                throw new CloudException("the broker at " + credentials.endpoint() + " refused the subscription of " + id + " to " + filter);
            }
            return observer;
        } catch (MqttException e) {
            throw new CloudException("the suite's MQTT connection to " + credentials.endpoint() + " as " + id
                    + " failed: " + e.getMessage() + " (reason " + e.getReasonCode() + ")", e);
        }
    }

    private synchronized void add(Message m) {
        received.add(m);
        notifyAll();
    }

    /** The messages received so far, oldest first. */
    public synchronized List<Message> received() {
        return List.copyOf(received);
    }

    /** Waits up to {@code timeout} for a message that {@code wanted} accepts; whether one came. */
    public synchronized boolean await(Predicate<Message> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.stream().noneMatch(wanted)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect(2000);
            client.close();
        } catch (MqttException e) {
            // the broker went away first: nothing to release
        }
    }

    private static SSLContext tls(DeviceCredentials c) {
        try {
            List<X509Certificate> roots = new ArrayList<>();
            for (Object o : pemObjects(c.rootCaPem())) if (o instanceof X509CertificateHolder h) roots.add(certificate(h));
            List<X509Certificate> chain = new ArrayList<>();
            PrivateKey key = null;
            if (c.hasCertificate()) {
                for (Object o : pemObjects(c.certificatePem())) if (o instanceof X509CertificateHolder h) chain.add(certificate(h));
                JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
                for (Object o : pemObjects(c.privateKeyPem())) {
                    if (o instanceof PrivateKeyInfo info) key = conv.getPrivateKey(info);
                    if (o instanceof PEMKeyPair pair) key = conv.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (key == null) throw new CloudException("the credentials of " + c.thingName() + " hold no readable private key");
            }
            return ClientTls.context(roots, key, chain);
        } catch (GeneralSecurityException | IOException e) {
            throw new CloudException("cannot set up TLS for the suite's MQTT connection: " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(X509CertificateHolder h) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    private static List<Object> pemObjects(String pem) throws IOException {
        List<Object> out = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            for (Object o = p.readObject(); o != null; o = p.readObject()) out.add(o);
        }
        return out;
    }
}
