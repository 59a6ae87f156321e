package dev.qualify.core.boot;

import dev.qualify.api.device.BootState;
import dev.qualify.api.device.BootStrategy;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.ConsoleTimeoutException;
import dev.qualify.api.device.Flasher;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.driver.ConsoleMonitoring;
import dev.qualify.core.config.BootSpec;
import dev.qualify.core.device.ConfiguredDevice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The boot strategy of a microcontroller board: flash the image, power-cycle, attach the console, wait until
 * the board says it is ready, send the handshake line and wait for its answer.
 *
 * <ul>
 *   <li>OFF → FLASHED: {@link Flasher#flash} with the image set by {@link #flashNext}; skipped when none is set
 *       (the device keeps what it runs).</li>
 *   <li>FLASHED → BOOTED: the console is released, power is switched off and on again (when the device has power
 *       control; {@code off} returns only when the previous board is gone), and the console is attached again (when
 *       it has one), so output from the new boot is read from its start where the transport allows.</li>
 *   <li>BOOTED → READY: waits for {@code boot.ready} (type {@code boot-timeout}), sends {@code boot.handshake} and
 *       waits for {@code boot.answer} (type {@code handshake-unanswered}), each within the scaled boot timeout.
 *       The death strings are watched meanwhile ({@code device-crashed}). Then the board's image identity is
 *       checked ({@link ImageCheck}, type {@code wrong-image}).</li>
 * </ul>
 * A board process that dies between power on and ready ends the boot at once ({@link BoardExitWatch}, type
 * {@code board-exited}).
 * Any failure powers the device down, leaves the strategy in OFF and throws an {@link InfrastructureException}
 * saying which step failed.
 */
public final class FirmwareBoot implements BootStrategy {
    private final ConfiguredDevice device;
    private final BootSpec boot;
    private final UnaryOperator<Duration> scale;
    private BootState state = BootState.OFF;
    private Path image;
    private ImageIdentity expected;
    private BoardExitWatch exit;

    /** @param scale applies the run's timeout multiplier */
    public FirmwareBoot(ConfiguredDevice device, UnaryOperator<Duration> scale) {
        this.device = device;
        this.boot = device.spec().boot();
        this.scale = scale;
    }

    /** The image the next OFF → FLASHED step writes; null to boot what the device has. */
    public void flashNext(Path image) {
        this.image = image;
    }

    /** The image this boot must run, compared with what the board prints ({@code boot.imageIdentity}); null: none. */
    public void expectImage(ImageIdentity image) {
        this.expected = image;
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
                    case OFF -> flash();
                    case FLASHED -> powerUp();
                    case BOOTED -> handshake();
                    case READY -> {
                        return;
                    }
                }
            }
        } catch (InfrastructureException e) {
            InfrastructureException reported = exit == null ? e : exit.explain(e); // before power off ends the process
            powerDown();
            throw reported;
        } catch (RuntimeException e) {
            powerDown();
            throw new InfrastructureException("boot-failed", "booting device " + device.id() + " failed in state "
                    + state + ": " + e, e);
        }
    }

    private void flash() {
        if (image != null) {
            device.context().transcript().note("flashing " + image.getFileName());
            device.require(Flasher.class).flash(image);
        }
        state = BootState.FLASHED;
    }

    private void powerUp() {
        device.release(Console.class);
        device.identityWatch().ifPresent(w -> w.newBoot());
        exit = BoardExitWatch.none(device.id());
        device.capability(PowerControl.class).ifPresent(p -> {
            device.context().transcript().note("power off, then on");
            p.off();
            dev.qualify.core.lab.ConsoleEndpoint.requireFreeBeforePowerOn(device); // port-busy: not our board
            p.on();
            exit = BoardExitWatch.of(device.id(), p);
        });
        // a device without a console (a Linux board reached over SSH only) is booted once its power is on
        exit.during(() -> device.capability(Console.class)).ifPresent(console -> {
            if (console instanceof ConsoleMonitoring m) m.setDeathStrings(boot.deathStrings());
            exit.abortWaitsOn(console);
        });
        state = BootState.BOOTED;
    }

    private void handshake() {
        if (!device.has(Console.class) && boot.readyPattern() == null && boot.handshake() == null) {
            exit.ready();
            state = BootState.READY;
            return;
        }
        Console console = device.require(Console.class);
        Duration timeout = scale.apply(boot.timeout());
        if (boot.readyPattern() != null) {
            await(console, boot.readyPattern(), timeout, "boot-timeout", "the ready line");
        }
        if (boot.handshake() != null) {
            device.context().transcript().note("handshake: " + boot.handshake());
            console.sendLine(boot.handshake());
            if (boot.answer() != null) {
                await(console, boot.answer(), timeout, "handshake-unanswered", "an answer to '" + boot.handshake() + "'");
            }
        }
        ImageCheck.afterBoot(device, expected, console, timeout,
                boot.readyPattern() != null || boot.handshake() != null && boot.answer() != null);
        exit.ready();
        // from here the group judges the output (a Unity FAIL message may contain a death string)
        if (console instanceof ConsoleMonitoring m) m.setDeathStrings(List.of());
        state = BootState.READY;
    }

    private void await(Console console, String pattern, Duration timeout, String type, String what) {
        try {
            console.expect(Pattern.compile(pattern), timeout);
        } catch (ConsoleTimeoutException e) {
            throw new InfrastructureException(type, "device " + device.id() + " did not print " + what + " (/" + pattern
                    + "/) within " + timeout.toMillis() + " ms (boot.timeout x --timeout-multiplier) on " + console.name()
                    + "; last seen: " + quoted(console.lastSeen()), e);
        }
    }

    private static String quoted(String s) {
        return s.isEmpty() ? "(nothing)" : "\"" + s + "\"";
    }

    private void powerDown() {
        device.identityWatch().ifPresent(w -> w.disarm());
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
