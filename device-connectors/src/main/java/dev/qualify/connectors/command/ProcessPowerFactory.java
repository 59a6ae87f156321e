package dev.qualify.connectors.command;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.PowerControl;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code power: {type: process, command: [...]}}: the device is a process we own (a simulator, an emulator).
 * Power on starts it, power off kills its whole tree; its output goes to the transcript. A process that dies by
 * itself is a line in the transcript and ends a boot that waits for it at once ({@link ProcessPower}); the next
 * {@code on} starts a new one.
 */
public final class ProcessPowerFactory implements DriverFactory<PowerControl> {
    @Override
    public Class<PowerControl> capability() {
        return PowerControl.class;
    }

    @Override
    public String type() {
        return "process";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        new Settings(settings).allowOnly(Set.of("command", "env")).argv("command");
    }

    @Override
    public PowerControl create(Map<String, Object> settings, DriverContext ctx) {
        Settings s = new Settings(settings);
        List<String> template = s.argv("command");
        Map<String, String> env = s.stringMap("env");
        return new ProcessPower(template, env, ctx);
    }

}
