package dev.qualify.connectors.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.api.driver.SettingsException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QemuSettingsTest {
    @Test
    void machineAloneGivesDefaults() {
        QemuSettings s = QemuSettings.read(Map.of("machine", "mps2-an385"));
        assertThat(s.binary()).isEqualTo("qemu-system-arm");
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.extraArgs()).isEmpty();
    }

    @Test
    void commandLineStartsPausedWithQmpAndTheUartOnAPty() {
        QemuSettings s = QemuSettings.read(Map.of("machine", "lm3s6965evb", "cpu", "cortex-m3", "args", List.of("-icount", "shift=4")));
        assertThat(QemuInstance.commandLine(s, Path.of("/w/fw.elf"), Path.of("/tmp/q/qmp.sock"))).containsExactly(
                "qemu-system-arm", "-M", "lm3s6965evb", "-cpu", "cortex-m3", "-display", "none", "-monitor", "none",
                "-serial", "pty", "-qmp", "unix:/tmp/q/qmp.sock,server=on,wait=off", "-S", "-kernel", "/w/fw.elf",
                "-icount", "shift=4");
    }

    @Test
    void optionsTheDriverOwnsCannotBeGivenAsExtraArgs() {
        assertThatThrownBy(() -> QemuSettings.read(Map.of("machine", "lm3s6965evb", "args", List.of("-m", "16M", "-serial", "stdio"))))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("args.2"));
    }

    @Test
    void missingMachineAndMisspeltKeysAreNamed() {
        assertThatThrownBy(() -> QemuSettings.read(Map.of()))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo("machine"));
        assertThatThrownBy(() -> QemuSettings.read(Map.of("machine", "lm3s6965evb", "machin", "x")))
                .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.suggestion()).contains("'machine'"));
    }

    @Test
    void ptyOfSerial0IsTakenFromQueryChardev() throws Exception {
        var reply = new ObjectMapper().readTree("[{\"frontend-open\":false,\"filename\":\"unix:/tmp/q/qmp.sock,server=on\",\"label\":\"compat_monitor0\"},"
                + "{\"frontend-open\":true,\"filename\":\"pty:/dev/pts/7\",\"label\":\"serial0\"}]");
        assertThat(QemuInstance.findPty(reply)).hasValue("/dev/pts/7");
        assertThat(QemuInstance.findPty(new ObjectMapper().readTree("[]"))).isEmpty();
    }
}
