package dev.qualify.connectors.power;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.PowerControl;

import java.util.Map;
import java.util.Set;

/**
 * {@code power: {type: manual, note: "board is on a bench supply"}}: for boards nobody can switch. Every action
 * returns at once and only notes itself in the transcript and the log; it never prompts (a prompt would hang an
 * unattended run).
 */
public final class ManualPowerFactory implements DriverFactory<PowerControl> {
    static final Set<String> KEYS = Set.of("note");

    @Override
    public Class<PowerControl> capability() {
        return PowerControl.class;
    }

    @Override
    public String type() {
        return "manual";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        new Settings(settings).allowOnly(KEYS).string("note", null);
    }

    @Override
    public PowerControl create(Map<String, Object> settings, DriverContext ctx) {
        String note = new Settings(settings).allowOnly(KEYS).string("note", null);
        return new ManualPower(ctx.deviceId(), note, ctx.transcript());
    }
}
