package dev.qualify.connectors.rfc2217;

import dev.qualify.connectors.power.ModemLineRegistry;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.driver.StreamConsole;
import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.util.Map;

/**
 * {@code console: {type: rfc2217, host, port, baud, ...}} (see {@link Rfc2217Settings}): a UART behind a serial port
 * server speaking telnet with RFC 2217, which sets the baud rate and framing on the server's port. Creating the
 * console connects, negotiates and configures the port; any failure is an {@link InfrastructureException} of type
 * {@code port-unavailable} naming the server. While open, the console offers DTR/RTS (set remotely) to the
 * device's {@code dtr-rts} power driver.
 */
public final class Rfc2217ConsoleFactory implements DriverFactory<Console> {
    @Override
    public Class<Console> capability() {
        return Console.class;
    }

    @Override
    public String type() {
        return "rfc2217";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        Rfc2217Settings.read(settings);
    }

    @Override
    public Console create(Map<String, Object> settings, DriverContext ctx) {
        Rfc2217Settings s = Rfc2217Settings.read(settings);
        Rfc2217Link link;
        try {
            link = Rfc2217Link.connect(s.host(), s.port(), ctx.scaled(s.connectTimeout()), ctx.scaled(s.replyTimeout()),
                    note -> ctx.transcript().note(note));
        } catch (IOException e) {
            throw new InfrastructureException("port-unavailable", "console of device " + ctx.deviceId() + ": " + e.getMessage(), e);
        }
        try {
            link.configure(s.line());
        } catch (IOException e) {
            link.close();
            throw new InfrastructureException("port-unavailable", "console of device " + ctx.deviceId()
                    + ": cannot set " + s.line().describe() + ": " + e.getMessage(), e);
        }
        ModemLineRegistry.register(ctx.deviceId(), ctx.workDir(), link);
        AutoCloseable release = () -> {
            ModemLineRegistry.unregister(ctx.deviceId(), ctx.workDir(), link);
            link.close();
        };
        return new StreamConsole(link.describe(), link.input(), link.output(), release);
    }
}
