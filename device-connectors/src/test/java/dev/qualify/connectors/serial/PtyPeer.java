package dev.qualify.connectors.serial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;

/** The "board" side of a pty pair in tests: reads and writes through a plain {@link SerialChannel}. */
public final class PtyPeer implements AutoCloseable {
    private final SerialChannel channel;

    public PtyPeer(String path) throws IOException {
        this.channel = JSerialCommChannel.open(path, LineSettings.DEFAULT);
    }

    public void write(byte[] bytes) throws IOException {
        channel.write(bytes, 0, bytes.length);
    }

    /** Reads exactly {@code count} bytes, or fails at the deadline with what came. */
    public byte[] read(int count, Duration timeout) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (got.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + got.size() + " of " + count + " bytes within " + timeout);
            }
            int n = channel.read(buf, 0, Math.min(buf.length, count - got.size()));
            if (n < 0) throw new IOException("peer port gone after " + got.size() + " bytes");
            got.write(buf, 0, n);
        }
        return got.toByteArray();
    }

    @Override
    public void close() {
        channel.close();
    }
}
