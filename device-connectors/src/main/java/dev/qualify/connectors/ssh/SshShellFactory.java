package dev.qualify.connectors.ssh;

import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.Shell;

import java.util.Map;

/**
 * {@code shell: {type: ssh, ...}}: an {@link SshShell}. Settings are described by {@link SshSettingsReader};
 * {@link #validate} also checks that key and known_hosts files exist and that the key decrypts, without touching
 * the device. The connection is made on first use.
 */
public final class SshShellFactory implements DriverFactory<Shell> {
    @Override
    public Class<Shell> capability() {
        return Shell.class;
    }

    @Override
    public String type() {
        return "ssh";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        new SshSettingsReader(true).read(settings);
    }

    @Override
    public Shell create(Map<String, Object> settings, DriverContext context) {
        SshSettings s = new SshSettingsReader(true).read(settings);
        return new SshShell(s, context.timeoutMultiplier(), context.transcript());
    }
}
