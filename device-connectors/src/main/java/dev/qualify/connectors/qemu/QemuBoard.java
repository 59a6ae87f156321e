package dev.qualify.connectors.qemu;

import dev.qualify.connectors.serial.JSerialCommChannel;
import dev.qualify.connectors.serial.LineSettings;
import dev.qualify.connectors.serial.PortSource;
import dev.qualify.connectors.serial.ReopeningPort;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.StreamConsole;
import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The state of one emulated board, shared by its {@code qemu} flasher, power and console drivers: the flashed
 * image, the running {@link QemuInstance} and the console on its UART.
 *
 * <p>The UART is opened with the serial driver's {@link ReopeningPort} and jSerialComm, exactly as a real board's
 * port. Power on starts QEMU paused, opens the new pty, and only then lets the CPU run, so the console sees the
 * first byte of the boot. While the board is off on purpose the console waits without a deadline; if QEMU dies by
 * itself, the console fails after {@link #CRASH_DEADLINE} with the port and the last bytes seen.
 *
 * <p>All methods are synchronized; the console's reader runs on its own thread.
 */
public final class QemuBoard {
    /** How long a vanished pty is waited for when QEMU was not stopped on purpose (scaled). */
    static final Duration CRASH_DEADLINE = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private final DriverContext ctx;
    private QemuSettings settings;
    private Path flashed;
    private long flashCount;
    private long startedWithFlash = -1;
    private QemuInstance instance;
    private volatile boolean off = true;
    private volatile String currentPty;
    private ReopeningPort port;
    private StreamConsole console;
    private int starts;

    QemuBoard(DriverContext ctx) {
        this.ctx = ctx;
    }

    /** Records how QEMU is started (from the power section). */
    synchronized void configure(QemuSettings settings) {
        this.settings = settings;
    }

    /**
     * Copies {@code image} into the device's work directory; the next power on boots it.
     *
     * @throws InfrastructureException of type {@code flash-failed} when the image is missing or cannot be copied
     */
    synchronized void flash(Path image) {
        if (!Files.isRegularFile(image)) {
            throw new InfrastructureException("flash-failed", "cannot flash device " + ctx.deviceId() + ": image "
                    + image + " does not exist or is not a file");
        }
        try {
            Path dir = Files.createDirectories(ctx.workDir().resolve("qemu"));
            Path target = dir.resolve("flash-" + image.getFileName());
            Files.copy(image, target, StandardCopyOption.REPLACE_EXISTING);
            flashed = target;
            flashCount++;
            ctx.transcript().note("flashed " + image + " to " + target + " (" + Files.size(target) + " bytes)");
        } catch (IOException e) {
            throw new InfrastructureException("flash-failed", "cannot copy image " + image + " for device "
                    + ctx.deviceId() + ": " + e.getMessage(), e);
        }
    }

    /** Starts QEMU paused, opens the UART, then lets the CPU run. Does nothing if it is running. */
    synchronized void powerOn() {
        if (instance != null && instance.isAlive()) return;
        if (instance != null) stopInstance(); // died by itself: clean up before starting anew
        QemuSettings s = requireSettings();
        Path image = flashed != null ? flashed : Optional.ofNullable(s.image()).map(Path::of).orElseThrow(() ->
                new InfrastructureException("power-failed", "device " + ctx.deviceId() + " has no image to boot: flash one"
                        + " first (flash: {type: qemu}) or set image: in the qemu power section"));
        starts++;
        Path log = ctx.workDir().resolve("qemu").resolve("qemu-" + starts + ".log");
        try {
            instance = QemuInstance.start(s, image, log, ctx.scaled(s.startTimeout()), ctx.processes(),
                    note -> ctx.transcript().note(note));
        } catch (IOException e) {
            throw new InfrastructureException("power-failed", "cannot start QEMU " + s.machine() + " for device "
                    + ctx.deviceId() + ": " + e.getMessage(), e);
        }
        startedWithFlash = flashCount;
        currentPty = instance.ptyPath();
        off = false;
        try {
            port().reopen();
            instance.cont();
            ctx.transcript().note("QEMU " + s.machine() + " running " + image.getFileName() + ", UART on " + currentPty);
        } catch (IOException e) {
            String tail = instance.outputTail();
            stopInstance();
            throw new InfrastructureException("power-failed", "QEMU " + s.machine() + " of device " + ctx.deviceId()
                    + " started but could not be attached and continued: " + e.getMessage() + "; QEMU output: " + tail, e);
        }
    }

    /** Quits QEMU (QMP {@code quit}, then the process tree is killed if needed). Does nothing if it is off. */
    synchronized void powerOff() {
        off = true;
        if (instance == null) return;
        stopInstance();
        ctx.transcript().note("QEMU of device " + ctx.deviceId() + " stopped");
    }

    /**
     * Resets the board: QMP {@code system_reset} when QEMU runs the latest flashed image (QEMU and its pty stay);
     * otherwise off and on, so a newly flashed image is loaded.
     */
    synchronized void cycle() {
        if (instance != null && instance.isAlive() && startedWithFlash == flashCount) {
            try {
                instance.reset();
                ctx.transcript().note("QEMU of device " + ctx.deviceId() + " reset (system_reset)");
                return;
            } catch (IOException e) {
                ctx.transcript().note("system_reset failed (" + e.getMessage() + "); restarting QEMU");
            }
        }
        powerOff();
        powerOn();
    }

    /** The console on the UART: shared while open, rebuilt after it was closed. */
    synchronized Console console() {
        if (console == null) {
            ReopeningPort p = port();
            if (!off) {
                try {
                    p.open();
                } catch (IOException e) {
                    throw new InfrastructureException("port-unavailable", "UART of QEMU device " + ctx.deviceId()
                            + ": " + e.getMessage(), e);
                }
            }
            StreamConsole[] self = new StreamConsole[1];
            AutoCloseable release = () -> releaseConsole(self[0]);
            self[0] = new StreamConsole("qemu " + ctx.deviceId() + " UART", p.input(), p.output(), release);
            console = self[0];
        }
        return console;
    }

    /** The end of the running QEMU when it exits by itself; never completes when none runs. */
    synchronized java.util.concurrent.CompletableFuture<dev.qualify.api.driver.ProcessExit> exited() {
        return instance == null ? new java.util.concurrent.CompletableFuture<>() : instance.exited();
    }

    /** Whether QEMU is running. */
    synchronized boolean running() {
        return instance != null && instance.isAlive();
    }

    /** The running instance's QMP events (tests look for RESET). */
    synchronized java.util.List<String> events() {
        return instance == null ? java.util.List.of() : instance.events();
    }

    private synchronized void releaseConsole(StreamConsole c) {
        if (console == c) console = null;
        if (port != null) {
            port.close();
            port = null;
        }
    }

    private ReopeningPort port() {
        if (port == null) {
            PortSource source = new PortSource() {
                @Override
                public Optional<String> locate() {
                    return off ? Optional.empty() : Optional.ofNullable(currentPty);
                }

                @Override
                public String describe() {
                    return "qemu UART of device " + ctx.deviceId() + (currentPty == null ? "" : " (" + currentPty + ")");
                }

                @Override
                public boolean expectedAbsent() {
                    return off;
                }
            };
            port = new ReopeningPort(source, JSerialCommChannel::open, LineSettings.DEFAULT,
                    ctx.scaled(CRASH_DEADLINE), RETRY_PAUSE, note -> ctx.transcript().note(note));
        }
        return port;
    }

    private QemuSettings requireSettings() {
        if (settings == null) {
            throw new InfrastructureException("power-failed", "device " + ctx.deviceId() + " has a qemu console or"
                    + " flasher but no qemu power section saying which machine to start");
        }
        return settings;
    }

    private void stopInstance() {
        QemuInstance i = instance;
        instance = null;
        currentPty = null;
        if (i != null) i.quit(ctx.scaled(requireSettings().stopTimeout()));
    }
}
