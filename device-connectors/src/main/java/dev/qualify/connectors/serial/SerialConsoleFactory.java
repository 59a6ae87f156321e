package dev.qualify.connectors.serial;

import dev.qualify.connectors.power.ModemLineRegistry;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.driver.StreamConsole;
import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * {@code console: {type: serial, ...}} (see {@link SerialSettings}): a local UART through jSerialComm, opened by
 * path or by USB identity, reopened when it vanishes and comes back within {@code reopenDeadline}.
 *
 * <p>{@link #create} opens the port at once (waiting up to the reopen deadline for it to appear) and fails with an
 * {@link InfrastructureException} of type {@code port-unavailable} naming the port when it cannot. A port that
 * vanishes later and stays away fails the console's waits with type {@code port-gone}, naming the port and the last
 * bytes seen. While open, the console offers its DTR/RTS lines to the device's {@code dtr-rts} power driver.
 */
public final class SerialConsoleFactory implements DriverFactory<Console> {
    static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private final PortOpener opener;
    private final UsbPortFinder finder;

    /** The factory ServiceLoader uses: real ports, real sysfs. */
    public SerialConsoleFactory() {
        this(JSerialCommChannel::open, new UsbPortFinder());
    }

    /** A factory over another opener and finder (tests). */
    public SerialConsoleFactory(PortOpener opener, UsbPortFinder finder) {
        this.opener = opener;
        this.finder = finder;
    }

    @Override
    public Class<Console> capability() {
        return Console.class;
    }

    @Override
    public String type() {
        return "serial";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        SerialSettings.read(settings);
    }

    @Override
    public Console create(Map<String, Object> settings, DriverContext ctx) {
        SerialSettings s = SerialSettings.read(settings);
        PortSource source = s.port().source(finder);
        ReopeningPort port = new ReopeningPort(source, opener, s.line(), ctx.scaled(s.reopenDeadline()), RETRY_PAUSE,
                note -> ctx.transcript().note(note));
        try {
            port.open();
        } catch (IOException e) {
            port.close();
            throw new InfrastructureException("port-unavailable", "console of device " + ctx.deviceId() + ": "
                    + e.getMessage(), e);
        }
        if (s.flashPort() != null) FlashPorts.register(ctx.deviceId(), ctx.workDir(), s.flashPort().source(finder));
        ModemLineRegistry.register(ctx.deviceId(), ctx.workDir(), port);
        AutoCloseable release = () -> {
            ModemLineRegistry.unregister(ctx.deviceId(), ctx.workDir(), port);
            port.close();
        };
        StreamConsole console = new StreamConsole("serial " + source.describe(), port.input(), port.output(), release);
        if (s.resetOnOpen()) {
            ctx.transcript().note("reset " + port.describe() + " on open: " + s.reset().describe());
            try {
                s.reset().pulse(port);
            } catch (RuntimeException e) {
                console.close();
                throw e;
            }
        }
        return console;
    }
}
