package dev.qualify.connectors.rfc2217;

import dev.qualify.api.driver.SettingsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc2217LinkTest {
    @Test
    void baudRateIsSentBigEndianInFourBytes() {
        assertThat(Rfc2217Link.bigEndian(115200)).containsExactly(0x00, 0x01, 0xC2, 0x00);
    }

    @Test
    void iacInsideASubnegotiationIsDoubled() {
        assertThat(Rfc2217Link.escapeIac(new int[] {44, 1, 0x00, 0xFF, 0xFF, 0x01}))
                .containsExactly(44, 1, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
    }

    @Test
    void handlerKeepsTheServersAnswerPerReplyCode() throws Exception {
        ComPortOptionHandler h = new ComPortOptionHandler();
        assertThat(h.getOptionCode()).isEqualTo(44);
        assertThat(h.getInitLocal()).isTrue();
        h.answerSubnegotiation(new int[] {44, 101, 0, 0, 0x25, 0x80, 99}, 6);
        assertThat(h.await(ComPortCommand.SET_BAUDRATE.replyCode(), Duration.ofMillis(10))).hasValueSatisfying(
                v -> assertThat(v).containsExactly(0, 0, 0x25, 0x80));
        h.clear(101);
        assertThat(h.await(101, Duration.ofMillis(10))).isEmpty();
    }

    @Test
    void settingsNeedAPortAndNameMisspeltKeys() {
        assertThatThrownBy(() -> Rfc2217Settings.read(Map.of("host", "lab-1")))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("port"));
        assertThatThrownBy(() -> Rfc2217Settings.read(Map.of("port", 2001, "buad", 9600)))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.suggestion()).isEqualTo("did you mean 'baud'?"));
        Rfc2217Settings s = Rfc2217Settings.read(Map.of("port", 2001, "baud", 9600, "parity", "odd"));
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.line().describe()).isEqualTo("9600 8O1");
    }
}
