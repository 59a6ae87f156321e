package dev.qualify.connectors.qemu;

import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.driver.BoardProcess;
import dev.qualify.api.driver.ProcessExit;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code power: {type: qemu, machine: lm3s6965evb, ...}} (see {@link QemuSettings}): on starts QEMU paused, attaches
 * the UART and continues through QMP; off quits it through QMP; cycle resets it with QMP {@code system_reset} (or
 * restarts it when a new image was flashed since it started). A QEMU that exits by itself is a line in the
 * transcript and ends a boot that waits for it at once ({@link BoardProcess}). Every failure is an
 * {@link dev.qualify.api.device.InfrastructureException} of type {@code power-failed} with QEMU's output tail.
 */
public final class QemuPowerFactory implements DriverFactory<PowerControl> {
    @Override
    public Class<PowerControl> capability() {
        return PowerControl.class;
    }

    @Override
    public String type() {
        return "qemu";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        QemuSettings.read(settings);
    }

    @Override
    public PowerControl create(Map<String, Object> settings, DriverContext ctx) {
        QemuBoard board = QemuBoards.of(ctx);
        board.configure(QemuSettings.read(settings));
        class QemuPower implements PowerControl, BoardProcess {
            @Override
            public void on() {
                board.powerOn();
            }

            @Override
            public void off() {
                board.powerOff();
            }

            @Override
            public void cycle() {
                board.cycle();
            }

            @Override
            public CompletableFuture<ProcessExit> exited() {
                return board.exited();
            }
        }
        return new QemuPower();
    }
}
