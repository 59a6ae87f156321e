package dev.qualify.core.device;

import dev.qualify.core.config.BootSpec;
import dev.qualify.core.engine.InfrastructureException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The boot strategy of a microcontroller board: flash the image, power-cycle, attach the console, wait until
 * the board says it is ready and send the handshake line.
 *
 * <ul>
 *   <li>OFF → FLASHED: {@link Flasher#flash} with the image.</li>
 *   <li>FLASHED → BOOTED: the console is released, power is cycled (when the device has power control), and the
 *       console is attached again, so output from the new boot is read from its start where the transport allows.</li>
 *   <li>BOOTED → READY: when the boot section has {@code ready}, waits for it (boot timeout, scaled); when it has
 *       {@code handshake}, sends it as a line.</li>
 * </ul>
 * Any failure leaves the strategy in OFF and powers the device down.
 */
public final class FirmwareBoot implements BootStrategy {
    private final Device device;
    private final Path image;
    private final BootSpec boot;
    private final UnaryOperator<Duration> scale;
    private BootState state = BootState.OFF;

    /**
     * @param scale applies the run's timeout multiplier
     */
    public FirmwareBoot(Device device, Path image, UnaryOperator<Duration> scale) {
        this.device = device;
        this.image = image;
        this.boot = device.spec().boot();
        this.scale = scale;
    }

    @Override
    public BootState state() {
        return state;
    }

    @Override
    public void transitionTo(BootState target) {
        if (target == BootState.OFF) {
            powerDown();
            return;
        }
        try {
            while (state.compareTo(target) < 0) {
                switch (state) {
                    case OFF -> {
                        device.context().transcript().note("flashing " + image.getFileName());
                        device.require(Flasher.class).flash(image);
                        state = BootState.FLASHED;
                    }
                    case FLASHED -> {
                        device.release(Console.class);
                        device.capability(PowerControl.class).ifPresent(p -> {
                            device.context().transcript().note("power cycle");
                            p.cycle();
                        });
                        device.require(Console.class);
                        state = BootState.BOOTED;
                    }
                    case BOOTED -> {
                        Console console = device.require(Console.class);
                        if (boot.readyPattern() != null) {
                            console.expect(Pattern.compile(boot.readyPattern()), scale.apply(boot.timeout()));
                        }
                        if (boot.handshake() != null) console.sendLine(boot.handshake());
                        state = BootState.READY;
                    }
                    case READY -> {
                        return;
                    }
                }
            }
        } catch (InfrastructureException e) {
            powerDown();
            throw e;
        }
    }

    private void powerDown() {
        device.release(Console.class);
        device.capability(PowerControl.class).ifPresent(p -> {
            try {
                p.off();
            } catch (InfrastructureException ignored) {
                // the original failure matters more
            }
        });
        state = BootState.OFF;
    }
}
