package dev.qualify.connectors.rfc2217;

import dev.qualify.connectors.power.ModemLines;
import dev.qualify.connectors.serial.LineSettings;
import dev.qualify.api.device.InfrastructureException;
import org.apache.commons.net.telnet.InvalidTelnetOptionException;
import org.apache.commons.net.telnet.SimpleOptionHandler;
import org.apache.commons.net.telnet.SuppressGAOptionHandler;
import org.apache.commons.net.telnet.TelnetClient;
import org.apache.commons.net.telnet.TelnetOption;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A telnet connection to a serial port server that speaks RFC 2217 (ser2net with a {@code telnet(rfc2217)}
 * accepter, RFC 2217 terminal servers). The telnet layer is commons-net's {@link TelnetClient}; BINARY is negotiated
 * in both directions so data passes byte for byte (IAC doubling is done by the telnet layer). Line settings and
 * the DTR/RTS lines are set on the remote port with COM-PORT-OPTION commands, each confirmed by the server's reply.
 */
public final class Rfc2217Link implements ModemLines, AutoCloseable {
    private final TelnetClient telnet;
    private final ComPortOptionHandler comPort;
    private final String name;
    private final Duration replyTimeout;
    private final Consumer<String> notes;

    private Rfc2217Link(TelnetClient telnet, ComPortOptionHandler comPort, String name, Duration replyTimeout,
                        Consumer<String> notes) {
        this.telnet = telnet;
        this.comPort = comPort;
        this.name = name;
        this.replyTimeout = replyTimeout;
        this.notes = notes;
    }

    /**
     * Connects (retrying until {@code connectTimeout}, as the server may still be starting) and waits for the
     * server to accept COM-PORT-OPTION.
     *
     * @throws IOException when it cannot connect, or the server does not speak RFC 2217
     */
    public static Rfc2217Link connect(String host, int port, Duration connectTimeout, Duration replyTimeout,
                                      Consumer<String> notes) throws IOException {
        String name = "rfc2217 " + host + ":" + port;
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            TelnetClient telnet = new TelnetClient();
            ComPortOptionHandler comPort = new ComPortOptionHandler();
            try {
                telnet.addOptionHandler(new SimpleOptionHandler(TelnetOption.BINARY, true, true, true, true));
                telnet.addOptionHandler(new SuppressGAOptionHandler(true, true, true, true));
                telnet.addOptionHandler(comPort);
            } catch (InvalidTelnetOptionException e) {
                throw new IllegalStateException("commons-net rejected a standard telnet option", e);
            }
            telnet.setConnectTimeout((int) Math.max(1, Math.min(5000, connectTimeout.toMillis())));
            try {
                telnet.connect(host, port);
                telnet.setTcpNoDelay(true);
            } catch (IOException e) {
                last = e;
                sleep(100);
                continue;
            }
            Rfc2217Link link = new Rfc2217Link(telnet, comPort, name, replyTimeout, notes);
            if (!link.awaitOption(replyTimeout)) {
                link.close();
                throw new IOException(name + " did not accept telnet COM-PORT-OPTION within " + replyTimeout.toMillis()
                        + " ms: the server does not speak RFC 2217 (for ser2net, use accepter: telnet(rfc2217),tcp,...)");
            }
            notes.accept("connected to " + name);
            return link;
        }
        throw new IOException("cannot connect to " + name + " within " + connectTimeout.toMillis() + " ms"
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /**
     * Sets baud, data size, parity, stop size and flow control on the remote port, waiting for each answer.
     *
     * @return the baud rate the server reports it set
     * @throws IOException when the server does not answer a command in time
     */
    public int configure(LineSettings line) throws IOException {
        int[] baud = command(ComPortCommand.SET_BAUDRATE, bigEndian(line.baud()));
        int actual = baud.length >= 4 ? (baud[0] << 24) | (baud[1] << 16) | (baud[2] << 8) | baud[3] : -1;
        command(ComPortCommand.SET_DATASIZE, line.dataBits());
        command(ComPortCommand.SET_PARITY, switch (line.parity()) {
            case NONE -> 1;
            case ODD -> 2;
            case EVEN -> 3;
            case MARK -> 4;
            case SPACE -> 5;
        });
        command(ComPortCommand.SET_STOPSIZE, switch (line.stopBits()) {
            case ONE -> 1;
            case TWO -> 2;
            case ONE_POINT_FIVE -> 3;
        });
        command(ComPortCommand.SET_CONTROL, switch (line.flowControl()) {
            case NONE -> ComPortCommand.CONTROL_NO_FLOW;
            case XON_XOFF -> ComPortCommand.CONTROL_XON_XOFF;
            case RTS_CTS -> ComPortCommand.CONTROL_HARDWARE;
        });
        notes.accept(name + ": server set " + line.describe() + (actual == line.baud() ? "" : " but reports baud " + actual));
        return actual;
    }

    /** Data from the remote port. */
    public InputStream input() {
        return telnet.getInputStream();
    }

    /** Data to the remote port. */
    public OutputStream output() {
        return telnet.getOutputStream();
    }

    @Override
    public void setDtr(boolean asserted) {
        control(asserted ? ComPortCommand.CONTROL_DTR_ON : ComPortCommand.CONTROL_DTR_OFF, "DTR");
    }

    @Override
    public void setRts(boolean asserted) {
        control(asserted ? ComPortCommand.CONTROL_RTS_ON : ComPortCommand.CONTROL_RTS_OFF, "RTS");
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        try {
            telnet.disconnect();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    private void control(int value, String line) {
        try {
            command(ComPortCommand.SET_CONTROL, value);
        } catch (IOException e) {
            throw new InfrastructureException("power-failed", "cannot set " + line + " on " + name + ": " + e.getMessage(), e);
        }
    }

    private int[] command(ComPortCommand command, int... value) throws IOException {
        List<Integer> message = new ArrayList<>(List.of(ComPortCommand.OPTION, command.code()));
        for (int v : value) message.add(v & 0xFF);
        int[] sub = message.stream().mapToInt(Integer::intValue).toArray();
        comPort.clear(command.replyCode());
        telnet.sendSubnegotiation(escapeIac(sub));
        try {
            return comPort.await(command.replyCode(), replyTimeout).orElseThrow(() -> new IOException(name
                    + " did not answer " + command + " within " + replyTimeout.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + name, e);
        }
    }

    /** Doubles 0xFF inside a subnegotiation, as telnet requires (commons-net sends it as given). */
    static int[] escapeIac(int[] sub) {
        List<Integer> out = new ArrayList<>();
        for (int b : sub) {
            out.add(b);
            if (b == 0xFF) out.add(0xFF);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] bigEndian(int v) {
        return new int[] {(v >>> 24) & 0xFF, (v >>> 16) & 0xFF, (v >>> 8) & 0xFF, v & 0xFF};
    }

    private boolean awaitOption(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!telnet.getLocalOptionState(ComPortCommand.OPTION)) {
            if (System.nanoTime() > deadline) return false;
            sleep(5);
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
