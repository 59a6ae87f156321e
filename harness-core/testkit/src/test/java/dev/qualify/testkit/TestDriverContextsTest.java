package dev.qualify.testkit;

import dev.qualify.api.device.Transcript;
import dev.qualify.api.driver.DriverContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestDriverContextsTest {
    @TempDir
    Path dir;

    @Test
    void aContextForADeviceHasTheDefaults() {
        DriverContext c = TestDriverContexts.forDevice("d1", dir);
        assertThat(c.deviceId()).isEqualTo("d1");
        assertThat(c.workDir()).isEqualTo(dir);
        assertThat(c.timeoutMultiplier()).isEqualTo(1.0);
        assertThat(c.transcript()).isSameAs(Transcript.NONE);
        assertThat(c.processes()).isNotNull();
    }

    @Test
    void placeholdersExpandWithTheEnginesJsonPathSyntax() {
        DriverContext c = TestDriverContexts.builder("d1", dir).deviceJson(Map.of("serial", Map.of("port", "/dev/ttyUSB0")))
                .placeholderValues(Map.of("config", Map.of("idtRootPath", "/idt"))).timeoutMultiplier(2).build();
        assertThat(c.placeholders(Map.of()).expand("{{device.serial.port}} {{config.idtRootPath}}"))
                .isEqualTo("/dev/ttyUSB0 /idt");
        assertThat(c.scaled(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(6));
    }
}
