package dev.qualify.connectors.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Passes a remote command's stderr through, minus the one line {@code <marker> <pid>} that
 * {@link RemoteCommandLine} makes the remote shell print first; remembers the pid. Lines before the marker (a
 * noisy login script) are passed on; after 64 KiB without a marker the filter stops looking.
 */
final class PidMarkerFilter extends OutputStream {
    private static final int GIVE_UP_AFTER = 64 * 1024;

    private final OutputStream target;
    private final String marker;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final CountDownLatch found = new CountDownLatch(1);
    private volatile long pid = -1;
    private boolean searching = true;
    private long seen;

    PidMarkerFilter(OutputStream target, String marker) {
        this.target = target;
        this.marker = marker;
    }

    /** The remote pid, or -1 if it has not been seen (within {@code wait}). */
    long pid(long waitMillis) {
        try {
            found.await(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pid;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (!searching) {
            target.write(b, off, len);
            return;
        }
        for (int i = off; i < off + len; i++) {
            if (!searching) {
                target.write(b, i, off + len - i);
                return;
            }
            line.write(b[i]);
            seen++;
            if (b[i] == '\n') endLine();
            else if (seen > GIVE_UP_AFTER) {
                searching = false;
                line.writeTo(target);
                line.reset();
            }
        }
    }

    private void endLine() throws IOException {
        String s = line.toString(StandardCharsets.UTF_8).strip();
        if (s.startsWith(marker + " ")) {
            try {
                pid = Long.parseLong(s.substring(marker.length() + 1).trim());
                found.countDown();
                searching = false;
                line.reset();
                return;
            } catch (NumberFormatException ignored) {
                // not ours after all
            }
        }
        line.writeTo(target);
        line.reset();
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    /** Passes on any partial line still held. */
    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            line.writeTo(target);
            line.reset();
        }
        searching = false;
        found.countDown();
    }
}
