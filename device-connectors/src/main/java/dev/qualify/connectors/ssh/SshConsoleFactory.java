package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;

import java.util.Map;

/**
 * {@code console: {type: ssh, ...}}: the device's interactive shell over SSH as a {@link Console}. Same settings
 * as the {@code ssh} shell ({@link SshSettingsReader}); {@code sudo} does not apply to a console. Connects when
 * created.
 */
public final class SshConsoleFactory implements DriverFactory<Console> {
    @Override
    public Class<Console> capability() {
        return Console.class;
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
    public Console create(Map<String, Object> settings, DriverContext context) {
        SshSettings s = new SshSettingsReader(true).read(settings);
        return SshConsole.open(s, context.timeoutMultiplier(), context.transcript());
    }
}
