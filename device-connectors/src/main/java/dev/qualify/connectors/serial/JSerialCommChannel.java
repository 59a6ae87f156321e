package dev.qualify.connectors.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.time.Duration;

/**
 * A {@link SerialChannel} on jSerialComm. Opened by path with {@link SerialPort#getCommPort(String)}, which also
 * works for ptys and symlinks (enumeration does not list ptys).
 *
 * <p>Reads are semi-blocking: they return as soon as one byte is there, or 0 after the poll interval. The modem
 * lines are released before the port opens (when flow control does not own RTS), so opening never pulses a reset
 * line by itself; resets are explicit ({@link dev.qualify.connectors.power.ResetPulse}). On a pty the open
 * succeeds with error code 25 (ENOTTY) recorded, which is harmless, and the modem lines do not exist.
 * {@code flushIOBuffers} is never called: on Linux it discards output not yet sent.
 */
public final class JSerialCommChannel implements SerialChannel {
    /** How long a read waits for the first byte before returning 0. */
    static final int POLL_MS = 100;
    private static final Duration WRITE_STALL = Duration.ofSeconds(10);

    private final SerialPort port;
    private final String path;
    private volatile boolean closed;

    private JSerialCommChannel(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    /** The {@link PortOpener} for real ports. */
    public static SerialChannel open(String path, LineSettings line) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("cannot use " + path + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(line.baud(), line.dataBits(), stopBits(line.stopBits()), parity(line.parity()));
        port.setFlowControl(flow(line.flowControl()));
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, POLL_MS,
                (int) WRITE_STALL.toMillis());
        if (line.flowControl() != FlowControl.RTS_CTS) {
            port.clearDTR();
            port.clearRTS();
        }
        if (!port.openPort(0)) {
            throw new IOException("cannot open " + path + ": error " + port.getLastErrorCode()
                    + " (busy, absent or no permission; is the user in the dialout group?)");
        }
        return new JSerialCommChannel(port, path);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (closed) return -1;
        int n = port.readBytes(buffer, length, offset);
        return n < 0 || closed ? -1 : n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        long stallDeadline = System.nanoTime() + WRITE_STALL.toNanos();
        while (done < length) {
            if (closed) throw new IOException(path + " is closed");
            int n = port.writeBytes(buffer, length - done, offset + done);
            if (n < 0) throw new IOException("write to " + path + " failed: error " + port.getLastErrorCode());
            if (n > 0) {
                done += n;
                stallDeadline = System.nanoTime() + WRITE_STALL.toNanos();
            } else if (System.nanoTime() > stallDeadline) {
                throw new IOException("nothing could be written to " + path + " for " + WRITE_STALL.toSeconds()
                        + " s (flow control holding the line?)");
            }
        }
    }

    @Override
    public void setDtr(boolean asserted) {
        check(asserted ? port.setDTR() : port.clearDTR(), "DTR");
    }

    @Override
    public void setRts(boolean asserted) {
        check(asserted ? port.setRTS() : port.clearRTS(), "RTS");
    }

    @Override
    public void setBoth(boolean dtr, boolean rts) {
        check(port.setDTRandRTS(dtr, rts), "DTR and RTS");
    }

    @Override
    public String describe() {
        return "serial " + path;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        port.closePort();
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw new InfrastructureException("power-failed", "cannot set " + what + " on " + path + ": error "
                    + port.getLastErrorCode() + (path.startsWith("/dev/pts/") ? " (a pty has no modem lines)" : ""));
        }
    }

    private static int stopBits(StopBits s) {
        return switch (s) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private static int parity(Parity p) {
        return switch (p) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    private static int flow(FlowControl f) {
        return switch (f) {
            case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
            case RTS_CTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case XON_XOFF -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
        };
    }
}
