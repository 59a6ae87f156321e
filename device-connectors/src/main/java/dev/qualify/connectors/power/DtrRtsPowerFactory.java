package dev.qualify.connectors.power;

import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.PowerControl;

import java.util.Map;

/**
 * {@code power: {type: dtr-rts, pulse: esp32, ms: 100, invert: false}}: resets the board through the modem lines
 * of the port its console holds open (a {@code serial} or {@code rfc2217} console of the same device): {@code off}
 * holds the board in reset, {@code on} releases it, {@code cycle} runs the pulse; see {@link ResetPulse} for the
 * sequences. The console must be open when power is switched; otherwise the action fails with {@code power-failed}.
 */
public final class DtrRtsPowerFactory implements DriverFactory<PowerControl> {
    @Override
    public Class<PowerControl> capability() {
        return PowerControl.class;
    }

    @Override
    public String type() {
        return "dtr-rts";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        read(settings);
    }

    @Override
    public PowerControl create(Map<String, Object> settings, DriverContext ctx) {
        ResetPulse pulse = read(settings);
        return new DtrRtsPower(pulse, () -> ModemLineRegistry.find(ctx.deviceId(), ctx.workDir()), ctx.deviceId(),
                ctx.transcript());
    }

    private static ResetPulse read(Map<String, Object> settings) {
        return ResetPulse.read(settings, null);
    }
}
