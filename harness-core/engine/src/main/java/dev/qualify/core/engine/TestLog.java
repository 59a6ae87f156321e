package dev.qualify.core.engine;

import dev.qualify.api.device.Transcript;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A log file with a timestamp at the start of every line: device output as the raw bytes received or the text a test
 * read ({@code <} lines), our input ({@code >} lines) and harness notes ({@code ---} lines). Writes are flushed at
 * once so a killed run keeps its logs. Never throws.
 *
 * <p>Device output is kept exactly: a note or input that comes while a device line is open ends the log line, and
 * the rest of that device line continues on a {@code <+} line, so joining each {@code <+} line to the device line
 * before it gives back the bytes the device sent, line breaks included.
 */
public final class TestLog implements Transcript, AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    /** How much of an open device line is kept back for masking before part of it is written. */
    static final int MAX_PENDING = 64 * 1024;

    private final Path file;
    private final Clock clock;
    private final SecretMask mask;
    private OutputStream out;
    private boolean atLineStart = true;
    /** A line of ours ended the file's line while a device line was open: the device line continues with {@code <+}. */
    private boolean broken;
    /** Device bytes of the open line not written yet (only while the mask holds secrets). */
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    public TestLog(Path file, Clock clock) {
        this(file, clock, SecretMask.NONE);
    }

    /** @param mask the run's secrets, masked in every line written */
    public TestLog(Path file, Clock clock, SecretMask mask) {
        this.file = file;
        this.clock = clock;
        this.mask = mask;
        try {
            Files.createDirectories(file.getParent());
            // not a channel stream: writing from an interrupted thread must not close the log
            out = new java.io.FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            System.err.println("qualify: cannot open log " + file + ": " + e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void received(byte[] bytes, int offset, int length) {
        if (out == null) return;
        if (!mask.isEmpty()) {
            receivedMasked(bytes, offset, length);
            return;
        }
        try {
            int lineStart = offset;
            for (int i = offset; i < offset + length; i++) {
                if (atLineStart) {
                    out.write(devicePrefix());
                    atLineStart = false;
                }
                if (bytes[i] == '\n') {
                    out.write(bytes, lineStart, i + 1 - lineStart);
                    lineStart = i + 1;
                    atLineStart = true;
                }
            }
            if (lineStart < offset + length) out.write(bytes, lineStart, offset + length - lineStart);
            out.flush();
        } catch (IOException ignored) {
            // logging must not fail a test
        }
    }

    private void receivedMasked(byte[] bytes, int offset, int length) {
        try {
            int lineStart = offset;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    pending.write(bytes, lineStart, i + 1 - lineStart);
                    lineStart = i + 1;
                    writePending(pending.size());
                }
            }
            if (lineStart < offset + length) {
                if (atLineStart && pending.size() == 0) {
                    out.write(devicePrefix()); // the time the line began, as without a mask
                    atLineStart = false;
                }
                pending.write(bytes, lineStart, offset + length - lineStart);
                if (pending.size() > MAX_PENDING) {
                    byte[] b = pending.toByteArray();
                    int cut = mask.safeCut(b, b.length);
                    if (cut == 0 && b.length > 16 * MAX_PENDING) cut = b.length;
                    if (cut > 0) writePending(cut);
                }
            }
            out.flush();
        } catch (IOException ignored) {
            // logging must not fail a test
        }
    }

    /** Writes the first {@code n} pending bytes, masked, after the line's prefix when it has none yet. */
    private void writePending(int n) throws IOException {
        byte[] b = pending.toByteArray();
        if (atLineStart) {
            out.write(devicePrefix());
            atLineStart = false;
        }
        out.write(mask.mask(b, 0, n));
        if (n > 0 && b[n - 1] == '\n') atLineStart = true;
        pending.reset();
        pending.write(b, n, b.length - n);
    }

    /** Device text a test read, logged as device output like received bytes. */
    @Override
    public void read(CharSequence text) {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        received(b, 0, b.length);
    }

    @Override
    public synchronized void sent(byte[] bytes) {
        line("> ", new String(bytes, StandardCharsets.UTF_8).stripTrailing());
    }

    @Override
    public synchronized void note(String text) {
        line("--- ", text);
    }

    private void line(String marker, String text) {
        if (out == null) return;
        try {
            if (pending.size() > 0) writePending(pending.size());
            if (!atLineStart) {
                out.write('\n');
                broken = true;
            }
            out.write(prefix(marker));
            out.write(mask.mask(text).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            atLineStart = true;
            out.flush();
        } catch (IOException ignored) {
            // logging must not fail a test
        }
    }

    /** {@code <}, or {@code <+} for the rest of a device line a line of ours broke. */
    private byte[] devicePrefix() {
        byte[] p = prefix(broken ? "<+ " : "< ");
        broken = false;
        return p;
    }

    private byte[] prefix(String marker) {
        return ("[" + TIME.format(clock.instant()) + "] " + marker).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            if (pending.size() > 0) writePending(pending.size());
            if (!atLineStart) out.write('\n');
            out.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        out = null;
    }
}
