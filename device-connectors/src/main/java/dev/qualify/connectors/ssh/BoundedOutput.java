package dev.qualify.connectors.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@code limit} bytes written to it and counts the rest, so a chatty command cannot exhaust
 * memory. Thread-safe.
 */
final class BoundedOutput extends OutputStream {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    BoundedOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < limit) kept.write(b);
        else dropped++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.max(0, limit - kept.size());
        int n = Math.min(room, len);
        kept.write(b, off, n);
        dropped += len - n;
    }

    /** The kept bytes as UTF-8 (invalid bytes replaced), with a note when bytes were dropped. */
    synchronized String text() {
        String s = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? s : s + "\n[... " + dropped + " more bytes not kept]";
    }
}
