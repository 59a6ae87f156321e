package dev.qualify.cloud.mqtt;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.driver.SettingsException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cloud.type: mqtt} against a real mosquitto over mutual TLS, and with a user name and password. */
class MqttCloudProviderIT {
    private final MqttCloudProvider provider = new MqttCloudProvider();

    private static Map<String, Object> settings(Mosquitto m, Object... more) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("endpoint", "127.0.0.1");
        s.put("port", m.port);
        s.put("ca", "ca.pem");
        s.put("cert", "client.pem");
        s.put("key", "client.key");
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) s.remove((String) more[i]);
            else s.put((String) more[i], more[i + 1]);
        }
        return s;
    }

    @Test
    void aBrokerOfTheConfiguredCaThatAcceptsTheClientCertificatePassesTheCheckAndItsLoginConnects(@TempDir Path dir) throws Exception {
        try (Mosquitto m = Mosquitto.mutualTls(dir)) {
            Map<String, Object> s = settings(m);
            provider.check(s, dir);
            try (Cloud cloud = provider.start(s, dir.resolve("run"), dir)) {
                assertThat(cloud.type()).isEqualTo("mqtt");
                assertThat(cloud.capabilities()).isEmpty();
                DeviceCredentials c = cloud.provisionThing("board-1");
                assertThat(c.endpoint().port()).isEqualTo(m.port);
                assertThat(c.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
                assertThat(c.toString()).doesNotContain(c.privateKeyPem());
                assertThat(roundTrip(c, dir)).isEqualTo("hello from board-1");
            }
        }
    }

    @Test
    void anUnreachablePortIsAnInfrastructureErrorNamingHostAndPort(@TempDir Path dir) throws Exception {
        try (Mosquitto m = Mosquitto.mutualTls(dir)) {
            int closed = Mosquitto.freePort();
            assertThatThrownBy(() -> provider.check(settings(m, "port", closed), dir))
                    .isInstanceOf(CloudException.class)
                    .hasMessageContaining("cannot reach the MQTT broker at 127.0.0.1:" + closed);
        }
    }

    @Test
    void aCaThatDoesNotSignTheBrokersCertificateIsASettingsErrorOfCa(@TempDir Path dir) throws Exception {
        try (Mosquitto m = Mosquitto.mutualTls(dir)) {
            Mosquitto.strangerCredentials(dir);
            assertThatThrownBy(() -> provider.check(settings(m, "ca", "other-ca.pem"), dir))
                    .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("ca"))
                    .hasMessageContaining("TLS handshake with the MQTT broker at 127.0.0.1:" + m.port + " failed")
                    .hasMessageContaining("does not verify against ca");
        }
    }

    @Test
    void aClientCertificateOfAnotherCaIsASettingsErrorOfCert(@TempDir Path dir) throws Exception {
        try (Mosquitto m = Mosquitto.mutualTls(dir)) {
            Mosquitto.strangerCredentials(dir);
            assertThatThrownBy(() -> provider.check(settings(m, "cert", "other-client.pem", "key", "other-client.key"), dir))
                    .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("cert"))
                    .hasMessageContaining("MQTT broker at 127.0.0.1:" + m.port)
                    .hasMessageContaining("did not accept the client certificate");
        }
    }

    @Test
    void aDeviceOwnLoginIsCheckedAndHandedToThatDeviceOnly(@TempDir Path dir) throws Exception {
        try (Mosquitto m = Mosquitto.mutualTls(dir)) {
            Mosquitto.strangerCredentials(dir);
            Map<String, Object> s = settings(m, "cert", null, "key", null,
                    "devices", Map.of("board-2", Map.of("cert", "other-client.pem", "key", "other-client.key"),
                            "board-1", Map.of("cert", "client.pem", "key", "client.key")));
            assertThatThrownBy(() -> provider.check(s, dir))
                    .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("devices.board-2.cert"));
            try (Cloud cloud = provider.start(s, dir.resolve("run"), dir)) {
                assertThat(roundTrip(cloud.provisionThing("board-1"), dir)).isEqualTo("hello from board-1");
                assertThatThrownBy(() -> cloud.provisionThing("board-3")).isInstanceOf(CloudException.class)
                        .hasMessageContaining("gives device board-3 no login");
            }
        }
    }

    @Test
    void aUserNameAndPasswordLoginConnectsAndAWrongPasswordIsASettingsErrorOfPassword(@TempDir Path dir) throws Exception {
        try (Mosquitto m = Mosquitto.password(dir)) {
            Map<String, Object> good = settings(m, "cert", null, "key", null, "username", Mosquitto.USER, "password", Mosquitto.PASSWORD);
            provider.check(good, dir);
            try (Cloud cloud = provider.start(good, dir.resolve("run"), dir)) {
                DeviceCredentials c = cloud.provisionThing("board-1");
                assertThat(c.hasCertificate()).isFalse();
                assertThat(c.toString()).doesNotContain(Mosquitto.PASSWORD);
                assertThat(roundTrip(c, dir)).isEqualTo("hello from board-1");
            }
            assertThatThrownBy(() -> provider.check(settings(m, "cert", null, "key", null, "username", Mosquitto.USER,
                    "password", "not-the-password"), dir))
                    .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("password"))
                    .hasMessageContaining("MQTT broker at 127.0.0.1:" + m.port + " refused the login")
                    .hasMessageNotContaining("not-the-password");
        }
    }

    /** Connects as the device with its credentials, publishes to its topic and receives it back. */
    private static String roundTrip(DeviceCredentials c, Path dir) throws Exception {
        MqttConnectOptions o = new MqttConnectOptions();
        MqttLogin login = new MqttLogin("", null, null, c.username(), c.password());
        Path ca = dir.resolve("handed-ca.pem");
        java.nio.file.Files.writeString(ca, c.rootCaPem());
        if (c.hasCertificate()) {
            java.nio.file.Files.writeString(dir.resolve("handed.pem"), c.certificatePem());
            java.nio.file.Files.writeString(dir.resolve("handed.key"), c.privateKeyPem());
            login = new MqttLogin("", dir.resolve("handed.pem"), dir.resolve("handed.key"), c.username(), c.password());
        }
        o.setSocketFactory(MqttTls.client(ca, login).getSocketFactory());
        if (c.username() != null) o.setUserName(c.username());
        if (c.password() != null) o.setPassword(c.password().toCharArray());
        MqttClient client = new MqttClient("ssl://" + c.endpoint(), c.thingName(), new MemoryPersistence());
        try {
            client.connect(o);
            BlockingQueue<String> got = new ArrayBlockingQueue<>(1);
            client.subscribe(c.thingName() + "/test", 1, (t, msg) -> got.offer(new String(msg.getPayload(), StandardCharsets.UTF_8)));
            client.publish(c.thingName() + "/test", ("hello from " + c.thingName()).getBytes(StandardCharsets.UTF_8), 1, false);
            return got.poll(30, TimeUnit.SECONDS);
        } finally {
            if (client.isConnected()) client.disconnect();
            client.close();
        }
    }
}
