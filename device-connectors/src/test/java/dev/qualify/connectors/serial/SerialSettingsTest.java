package dev.qualify.connectors.serial;

import dev.qualify.connectors.power.ResetPulse;
import dev.qualify.api.driver.SettingsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerialSettingsTest {
    @Test
    void pathAloneGivesDefaults115200EightNoneOne() {
        SerialSettings s = SerialSettings.read(Map.of("port", "/dev/ttyUSB0"));
        assertThat(s.port().path()).isEqualTo("/dev/ttyUSB0");
        assertThat(s.line()).isEqualTo(LineSettings.DEFAULT);
        assertThat(s.reopenDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.reset()).isNull();
        assertThat(s.line().describe()).isEqualTo("115200 8N1");
    }

    @Test
    void readsEveryFramingKeyAndTheResetSection() {
        SerialSettings s = SerialSettings.read(Map.of("port", "/dev/ttyACM0", "baud", 9600, "dataBits", 7,
                "parity", "Even", "stopBits", 1.5, "flowControl", "rtscts", "reopenDeadline", "2s",
                "reset", Map.of("pulse", "esp32", "ms", 50), "resetOnOpen", true));
        assertThat(s.line()).isEqualTo(new LineSettings(9600, 7, Parity.EVEN, StopBits.ONE_POINT_FIVE, FlowControl.RTS_CTS));
        assertThat(s.reset()).isEqualTo(new ResetPulse(ResetPulse.Kind.ESP32, Duration.ofMillis(50), false));
        assertThat(s.resetOnOpen()).isTrue();
        assertThat(s.reopenDeadline()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void usbIdentityTakesHexStringsAndNumbers() {
        SerialSettings s = SerialSettings.read(Map.of("usb", Map.of("vendorId", "0x10C4", "productId", "ea60",
                "serialNumber", "0001", "interface", 1)));
        assertThat(s.port().usb()).isEqualTo(new UsbIdentity(0x10c4, 0xea60, "0001", 1));
        assertThat(s.port().describe()).isEqualTo("usb 10c4:ea60 serial 0001 interface 1");
        assertThat(SerialSettings.read(Map.of("usb", Map.of("vendorId", 1027, "productId", 24577))).port().usb())
                .isEqualTo(new UsbIdentity(0x0403, 0x6001, null, null));
    }

    @Test
    void unknownKeyIsNamedWithADidYouMean() {
        assertThatThrownBy(() -> SerialSettings.read(Map.of("port", "/dev/ttyUSB0", "buad", 9600)))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.key()).isEqualTo("buad");
                    assertThat(e.suggestion()).isEqualTo("did you mean 'baud'?");
                });
    }

    @Test
    void misspeltParityIsNamedWithADidYouMean() {
        assertThatThrownBy(() -> SerialSettings.read(Map.of("port", "/dev/ttyUSB0", "parity", "evn")))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.key()).isEqualTo("parity");
                    assertThat(e.suggestion()).isEqualTo("did you mean 'even'?");
                });
    }

    @Test
    void portAndUsbTogetherOrNeitherAreRejected() {
        assertThatThrownBy(() -> SerialSettings.read(Map.of("port", "/dev/x", "usb", Map.of("vendorId", "1", "productId", "2"))))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("usb"));
        assertThatThrownBy(() -> SerialSettings.read(Map.of("baud", 9600)))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("port"));
    }

    @Test
    void badKeysInsideNestedSectionsAreNamedWithTheirPath() {
        assertThatThrownBy(() -> SerialSettings.read(Map.of("usb", Map.of("vendorId", "zz", "productId", "ea60"))))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("usb.vendorId"));
        assertThatThrownBy(() -> SerialSettings.read(Map.of("port", "/dev/x", "reset", Map.of("pulse", "esp23"))))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.key()).isEqualTo("reset.pulse");
                    assertThat(e.suggestion()).isEqualTo("did you mean 'esp32'?");
                });
        assertThatThrownBy(() -> SerialSettings.read(Map.of("port", "/dev/x", "flashPort", Map.of("vendorId", "1"))))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("flashPort.productId"));
    }

    @Test
    void resetOnOpenNeedsAResetSection() {
        assertThatThrownBy(() -> SerialSettings.read(Map.of("port", "/dev/x", "resetOnOpen", true)))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("resetOnOpen"));
    }

    @Test
    void outOfRangeDataBitsAreRejected() {
        assertThatThrownBy(() -> SerialSettings.read(Map.of("port", "/dev/x", "dataBits", 9)))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("dataBits"));
    }
}
