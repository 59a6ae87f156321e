package dev.qualify.connectors.qemu;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.Flasher;

import java.util.Map;
import java.util.Set;

/**
 * {@code flash: {type: qemu}}: "flashing" an emulated board copies the image into the device's work directory;
 * the next power on (or a cycle) boots it. A missing image fails with {@code flash-failed}.
 */
public final class QemuFlasherFactory implements DriverFactory<Flasher> {
    @Override
    public Class<Flasher> capability() {
        return Flasher.class;
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
    public Flasher create(Map<String, Object> settings, DriverContext ctx) {
        validate(settings);
        QemuBoard board = QemuBoards.of(ctx);
        return board::flash;
    }
}
