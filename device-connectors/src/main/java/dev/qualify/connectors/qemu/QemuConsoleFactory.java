package dev.qualify.connectors.qemu;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;

import java.util.Map;
import java.util.Set;

/**
 * {@code console: {type: qemu}}: the UART of the device's emulated board (see {@link QemuBoard}). It may be built
 * before or after power on; it follows the board across power cycles, waiting while the board is off.
 */
public final class QemuConsoleFactory implements DriverFactory<Console> {
    @Override
    public Class<Console> capability() {
        return Console.class;
    }

    @Override
    public String type() {
        return "qemu";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        new Settings(settings).allowOnly(Set.of());
    }

    @Override
    public Console create(Map<String, Object> settings, DriverContext ctx) {
        validate(settings);
        return QemuBoards.of(ctx).console();
    }
}
