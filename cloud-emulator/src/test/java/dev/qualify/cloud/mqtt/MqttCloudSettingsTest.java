package dev.qualify.cloud.mqtt;

import dev.qualify.api.driver.SettingsException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code cloud} section of {@code type: mqtt}: every wrong setting is named by its key. */
class MqttCloudSettingsTest {
    private static final Path BASE = Path.of("/lab/configs");

    @Test
    void pathsAreRelativeToTheConfigAndThePortDefaultsTo8883() {
        MqttCloudSettings s = MqttCloudSettings.of(Map.of("endpoint", "broker.lab", "ca", "ca.pem", "cert", "c.pem",
                "key", "c.key"), BASE);
        assertThat(s.endpoint().toString()).isEqualTo("broker.lab:8883");
        assertThat(s.ca()).isEqualTo(Path.of("/lab/configs/ca.pem"));
        assertThat(s.loginOf("any-board")).get().extracting(MqttLogin::cert).isEqualTo(Path.of("/lab/configs/c.pem"));
    }

    @Test
    void aDeviceLoginOverridesTheTopLevelOneForThatDeviceOnly() {
        MqttCloudSettings s = MqttCloudSettings.of(Map.of("endpoint", "b", "ca", "ca.pem", "username", "lab", "password", "pw-top",
                "devices", Map.of("board-2", Map.of("username", "b2", "password", "pw-2"))), BASE);
        assertThat(s.loginOf("board-2")).get().extracting(MqttLogin::username).isEqualTo("b2");
        assertThat(s.loginOf("board-1")).get().extracting(MqttLogin::username).isEqualTo("lab");
        assertThat(s.loginOf("board-2").orElseThrow().toString()).doesNotContain("pw-2");
    }

    @Test
    void wrongSettingsNameTheirKey() {
        assertKey(Map.of("ca", "ca.pem", "cert", "c", "key", "k"), "endpoint");
        assertKey(Map.of("endpoint", "b", "cert", "c", "key", "k"), "ca");
        assertKey(Map.of("endpoint", "b", "ca", "ca.pem"), "cert");
        assertKey(Map.of("endpoint", "b", "ca", "ca.pem", "cert", "c"), "key");
        assertKey(Map.of("endpoint", "b", "ca", "ca.pem", "password", "p"), "username");
        assertKey(Map.of("endpoint", "b", "ca", "ca.pem", "cert", "c", "key", "k", "port", 70000), "port");
        assertKey(Map.of("endpoint", "b", "ca", "ca.pem", "cert", "c", "key", "k", "cafile", "x"), "cafile");
        assertKey(Map.of("endpoint", "b", "ca", "ca.pem", "devices", Map.of("board-1", Map.of("cert", "c"))), "devices.board-1.key");
        assertThatThrownBy(() -> MqttCloudSettings.of(Map.of("endpoint", "b", "ca", "ca.pem", "cert", "c", "key", "k",
                "usernme", "x"), BASE)).hasMessageContaining("unknown key 'usernme'")
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.suggestion()).contains("did you mean 'username'?"));
    }

    private static void assertKey(Map<String, Object> settings, String key) {
        assertThatThrownBy(() -> MqttCloudSettings.of(settings, BASE))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo(key));
    }
}
