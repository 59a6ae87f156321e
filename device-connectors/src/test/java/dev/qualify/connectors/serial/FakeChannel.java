package dev.qualify.connectors.serial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link SerialChannel} fed by the test: {@link #feed} queues input, {@link #vanish} makes reads return -1. */
final class FakeChannel implements SerialChannel {
    private static final byte[] GONE = new byte[0];
    private final String path;
    private final BlockingQueue<byte[]> input = new LinkedBlockingQueue<>();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final List<String> lineEvents = new ArrayList<>();
    volatile boolean closed;

    FakeChannel(String path) {
        this.path = path;
    }

    void feed(String text) {
        input.add(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    void vanish() {
        input.add(GONE);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (closed) return -1;
        try {
            byte[] next = input.poll(20, TimeUnit.MILLISECONDS);
            if (next == null) return closed ? -1 : 0;
            if (next == GONE) return -1;
            System.arraycopy(next, 0, buffer, offset, next.length);
            return next.length;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public synchronized void write(byte[] buffer, int offset, int length) throws IOException {
        if (closed) throw new IOException("closed");
        written.write(buffer, offset, length);
    }

    @Override
    public synchronized void setDtr(boolean asserted) {
        lineEvents.add("DTR=" + asserted);
    }

    @Override
    public synchronized void setRts(boolean asserted) {
        lineEvents.add("RTS=" + asserted);
    }

    @Override
    public String describe() {
        return "fake " + path;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void close() {
        closed = true;
    }
}
