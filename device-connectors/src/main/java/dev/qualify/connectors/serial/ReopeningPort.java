package dev.qualify.connectors.serial;

import dev.qualify.connectors.power.ModemLines;
import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A serial port that outlives its device node: when the port disappears (a board power-cycling, a USB adapter
 * re-enumerating, a pty whose other side restarted) reads and writes wait for it to come back, look it up again
 * through its {@link PortSource}, reopen it and carry on, so the console above sees one continuous stream.
 *
 * <p>If the port is not back within the reopen deadline, the streams fail with an {@link IOException} naming the
 * port, how long was waited, the last lookup problem and the last bytes seen; the failure is final. The initial
 * {@link #open()} waits up to the same deadline for a port that is not there yet. While the source says the port
 * is absent on purpose ({@link PortSource#expectedAbsent()}), the deadline does not run.
 *
 * <p>One thread may read while others write or set modem lines. {@link #close()} makes a blocked read return -1.
 */
public final class ReopeningPort implements ModemLines, AutoCloseable {
    private static final int TAIL_BYTES = 80;

    private final PortSource source;
    private final PortOpener opener;
    private final LineSettings line;
    private final Duration reopenDeadline;
    private final Duration retryPause;
    private final Consumer<String> notes;
    private final ByteTail tail = new ByteTail(TAIL_BYTES);
    private final Object lock = new Object();
    private final InputStream input = new PortInput();
    private final OutputStream output = new PortOutput();
    private SerialChannel channel;
    private IOException gone;
    private boolean everOpened;
    private int reopenCount;
    private volatile boolean closed;

    /**
     * @param source         where the port is
     * @param opener         how to open it
     * @param line           framing to configure at every open
     * @param reopenDeadline how long a vanished (or not yet present) port is waited for
     * @param retryPause     pause between lookups while waiting
     * @param notes          receives one line per event (lost, reopened), e.g. for the transcript
     */
    public ReopeningPort(PortSource source, PortOpener opener, LineSettings line, Duration reopenDeadline,
                         Duration retryPause, Consumer<String> notes) {
        this.source = source;
        this.opener = opener;
        this.line = line;
        this.reopenDeadline = reopenDeadline;
        this.retryPause = retryPause;
        this.notes = notes;
    }

    /** Opens the port, waiting up to the reopen deadline for it to appear. @throws IOException when it did not */
    public void open() throws IOException {
        ensureOpen();
    }

    /**
     * Closes the current handle (if any) and opens the port again now, looking it up afresh: for a source whose
     * path has changed (a new pty).
     */
    public void reopen() throws IOException {
        synchronized (lock) {
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }
        ensureOpen();
    }

    /** What the device sent; read returns -1 once the port is closed. */
    public InputStream input() {
        return input;
    }

    /** What goes to the device. */
    public OutputStream output() {
        return output;
    }

    /** The path of the open handle, if one is open. */
    public Optional<String> currentPath() {
        synchronized (lock) {
            return Optional.ofNullable(channel).map(SerialChannel::path);
        }
    }

    /** How many times the port was reopened after it vanished. */
    public int reopenCount() {
        synchronized (lock) {
            return reopenCount;
        }
    }

    /** The last bytes received, escaped for a message. */
    public String lastBytes() {
        return tail.render();
    }

    @Override
    public void setDtr(boolean asserted) {
        openForLines().setDtr(asserted);
    }

    @Override
    public void setRts(boolean asserted) {
        openForLines().setRts(asserted);
    }

    @Override
    public void setBoth(boolean dtr, boolean rts) {
        openForLines().setBoth(dtr, rts);
    }

    @Override
    public String describe() {
        return "serial " + source.describe();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            if (channel != null) channel.close();
            channel = null;
            lock.notifyAll();
        }
    }

    private SerialChannel openForLines() {
        try {
            return ensureOpen();
        } catch (IOException e) {
            throw new InfrastructureException("port-gone", e.getMessage(), e);
        }
    }

    private SerialChannel ensureOpen() throws IOException {
        synchronized (lock) {
            if (closed) throw new IOException(describe() + " is closed");
            if (gone != null) throw gone;
            if (channel != null) return channel;
            long start = System.nanoTime();
            long deadline = start + reopenDeadline.toNanos();
            String problem = source.describe() + " is not present";
            while (true) {
                if (channel != null) return channel; // opened meanwhile by another thread (reopen)
                if (gone != null) throw gone;
                if (source.expectedAbsent()) deadline = System.nanoTime() + reopenDeadline.toNanos();
                try {
                    Optional<String> path = source.locate();
                    if (path.isPresent()) {
                        channel = opener.open(path.get(), line);
                        if (everOpened) {
                            reopenCount++;
                            notes.accept("reopened " + describe() + " at " + path.get() + " after "
                                    + millisSince(start) + " ms");
                        } else {
                            notes.accept("opened " + describe() + " at " + path.get() + " (" + line.describe() + ")");
                        }
                        everOpened = true;
                        return channel;
                    }
                    problem = source.describe() + " is not present";
                } catch (IOException e) {
                    problem = e.getMessage();
                }
                if (System.nanoTime() >= deadline) {
                    gone = new IOException((everOpened ? "serial port " + source.describe()
                            + " disappeared and did not come back within " : "serial port " + source.describe()
                            + " did not appear within ") + reopenDeadline.toMillis() + " ms (" + problem
                            + "); last bytes seen: " + tail.render());
                    notes.accept(gone.getMessage());
                    throw gone;
                }
                try {
                    lock.wait(Math.max(1, retryPause.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + describe(), e);
                }
                if (closed) throw new IOException(describe() + " is closed");
            }
        }
    }

    private void lost(SerialChannel ch, String why) {
        synchronized (lock) {
            if (channel != ch) return;
            ch.close();
            channel = null;
            if (!closed) {
                notes.accept(describe() + " at " + ch.path() + " is gone (" + why + "); waiting up to "
                        + reopenDeadline.toMillis() + " ms for it to come back; last bytes seen: " + tail.render());
            }
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private final class PortInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (true) {
                if (closed) return -1;
                SerialChannel ch;
                try {
                    ch = ensureOpen();
                } catch (IOException e) {
                    if (closed) return -1;
                    throw e;
                }
                int n = ch.read(b, off, len);
                if (n > 0) {
                    tail.add(b, off, n);
                    return n;
                }
                if (n < 0 && !closed) lost(ch, "read failed");
            }
        }

        @Override
        public void close() {
            ReopeningPort.this.close();
        }
    }

    private final class PortOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            SerialChannel ch = ensureOpen();
            try {
                ch.write(b, off, len);
            } catch (IOException e) {
                if (closed) throw e;
                lost(ch, "write failed: " + e.getMessage());
                ensureOpen().write(b, off, len);
            }
        }

        @Override
        public void close() {
            ReopeningPort.this.close();
        }
    }
}
