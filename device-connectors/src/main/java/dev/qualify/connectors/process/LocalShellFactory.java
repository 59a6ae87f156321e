package dev.qualify.connectors.process;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.Shell;

import java.util.Map;
import java.util.Set;

/** {@code shell: {type: local}}: the machine Qualify runs on is the device's shell. */
public final class LocalShellFactory implements DriverFactory<Shell> {
    @Override
    public Class<Shell> capability() {
        return Shell.class;
    }

    @Override
    public String type() {
        return "local";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        new Settings(settings).allowOnly(Set.of());
    }

    @Override
    public Shell create(Map<String, Object> settings, DriverContext ctx) {
        return new LocalShell(ctx);
    }
}
