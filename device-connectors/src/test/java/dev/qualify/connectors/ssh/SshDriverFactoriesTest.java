package dev.qualify.connectors.ssh;

import dev.qualify.testkit.TestDriverContexts;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.device.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code ssh} shell and console drivers are found by ServiceLoader and validate before touching a device. */
class SshDriverFactoriesTest {
    @TempDir
    Path dir;

    @Test
    void bothSshDriversAreRegistered() {
        DriverRegistry registry = DriverRegistry.load();

        assertThat(registry.find(Shell.class, "ssh")).get().isInstanceOf(SshShellFactory.class);
        assertThat(registry.find(Console.class, "ssh")).get().isInstanceOf(SshConsoleFactory.class);
    }

    @Test
    void validateReportsTheOffendingKey() {
        assertThatThrownBy(() -> new SshShellFactory().validate(Map.of("host", "h", "user", "u", "auth", Map.of("password", "p"), "sudoo", true)))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.key()).isEqualTo("sudoo");
                    assertThat(e.suggestion()).isEqualTo("did you mean 'sudo'?");
                });
    }

    @Test
    void shellIsCreatedWithoutConnecting() {
        DriverContext ctx = TestDriverContexts.forDevice("board-1", dir);

        Shell shell = new SshShellFactory().create(Map.of("host", "192.0.2.1", "user", "u", "auth", Map.of("password", "p"),
                "hostKeyFingerprint", "SHA256:" + "A".repeat(43)), ctx);

        assertThat(shell).isInstanceOfSatisfying(SshShell.class, s -> {
            assertThat(s.isConnected()).isFalse();
            assertThat(s.name()).isEqualTo("ssh u@192.0.2.1:22");
            s.close();
        });
    }
}
