package dev.qualify.connectors.command;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.driver.SettingsException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code power: {type: command, on: {command: [...]}, off: {command: [...]}, cycle: {command: [...]}}}: a relay or
 * PDU driven by commands. {@code cycle} is optional (off then on otherwise).
 */
public final class CommandPowerFactory implements DriverFactory<PowerControl> {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    @Override
    public Class<PowerControl> capability() {
        return PowerControl.class;
    }

    @Override
    public String type() {
        return "command";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        Settings s = new Settings(settings).allowOnly(Set.of("on", "off", "cycle"));
        for (String k : new String[]{"on", "off", "cycle"}) {
            if (!s.has(k)) {
                if (k.equals("cycle")) continue;
                throw new SettingsException(k, "required key '" + k + "' is missing", "add " + k + ": {command: [...]}");
            }
            section(settings, k);
        }
    }

    @Override
    public PowerControl create(Map<String, Object> settings, DriverContext ctx) {
        CommandSpec on = section(settings, "on");
        CommandSpec off = section(settings, "off");
        CommandSpec cycle = settings.containsKey("cycle") ? section(settings, "cycle") : null;
        return new PowerControl() {
            @Override
            public void on() {
                CommandExecution.runStep("power", on, Map.of(), ctx);
            }

            @Override
            public void off() {
                CommandExecution.runStep("power", off, Map.of(), ctx);
            }

            @Override
            public void cycle() {
                if (cycle == null) PowerControl.super.cycle();
                else CommandExecution.runStep("power", cycle, Map.of(), ctx);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static CommandSpec section(Map<String, Object> settings, String key) {
        Object v = settings.get(key);
        if (!(v instanceof Map<?, ?> m)) throw new SettingsException(key, "must be a mapping with a command", key + ": {command: [...]}");
        try {
            return CommandSpec.read((Map<String, Object>) m, DEFAULT_TIMEOUT);
        } catch (SettingsException e) {
            throw new SettingsException(key + "." + e.key(), e.getMessage(), e.suggestion());
        }
    }
}
