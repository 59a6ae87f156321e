package dev.qualify.samples.virtualboard.ota;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import dev.qualify.samples.virtualboard.transport.TlsTransport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The board's MQTT 3.1.1 connection over mutual TLS (HiveMQ MQTT client), as coreMQTT gives it to the OTA agent:
 * connect with a clean session, subscribe at QoS 1, publish at QoS 1 and wait for the PUBACK. Messages of every
 * subscription and the loss of the connection go to the listeners given at construction.
 */
final class DeviceMqtt implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Mqtt3AsyncClient client;
    private final BiConsumer<String, byte[]> messages;

    /**
     * @throws GeneralSecurityException a PEM macro cannot be used (the message names it)
     */
    DeviceMqtt(String host, int port, String clientId, String rootCaPem, String certificatePem, String keyPem,
               BiConsumer<String, byte[]> messages, Runnable disconnected) throws GeneralSecurityException {
        this.messages = messages;
        List<X509Certificate> roots = TlsTransport.certificates("IOT_CORE_ROOT_CA", rootCaPem);
        List<X509Certificate> chain = TlsTransport.certificates("MQTT_CLIENT_CERTIFICATE", certificatePem);
        PrivateKey key = TlsTransport.privateKey("MQTT_CLIENT_PRIVATE_KEY", keyPem);
        KeyManagerFactory kmf;
        TrustManagerFactory tmf;
        try {
            char[] pw = "virtual-board".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", key, pw, chain.toArray(Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < roots.size(); i++) trust.setCertificateEntry("root-" + i, roots.get(i));
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
        this.client = MqttClient.builder().useMqttVersion3().identifier(clientId).serverHost(host).serverPort(port)
                .sslConfig().keyManagerFactory(kmf).trustManagerFactory(tmf).protocols(List.of(TlsTransport.PROTOCOL))
                .applySslConfig()
                .addDisconnectedListener(ctx -> disconnected.run())
                .buildAsync();
    }

    /** Connects with a clean session; throws with the reason when the broker cannot be reached or refuses. */
    void connect() throws IOException {
        await(client.connectWith().cleanSession(true).keepAlive(60).send(), "connect");
    }

    void subscribe(String topic) throws IOException {
        await(client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> messages.accept(p.getTopic().toString(), p.getPayloadAsBytes())).send(), "subscribe " + topic);
    }

    void unsubscribe(String topic) throws IOException {
        await(client.unsubscribeWith().topicFilter(topic).send(), "unsubscribe " + topic);
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    void publish(String topic, byte[] payload) throws IOException {
        await(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send(), "publish " + topic);
    }

    boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public void close() {
        if (client.getState().isConnectedOrReconnect()) {
            try {
                client.disconnect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the connection is gone either way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) throws IOException {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IOException(what + " failed: " + c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new IOException(what + " got no answer within " + WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
    }
}
