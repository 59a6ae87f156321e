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
 * A log file with a timestamp at the start of every line: device output as the raw bytes received
 * ({@code <} lines), our input ({@code >} lines) and harness notes ({@code ---} lines). Writes are flushed at once
 * so a killed run keeps its logs. Never throws.
 */
public final class TestLog implements Transcript, AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final Path file;
    private final Clock clock;
    private OutputStream out;
    private boolean atLineStart = true;

    public TestLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
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
        try {
            int lineStart = offset;
            for (int i = offset; i < offset + length; i++) {
                if (atLineStart) {
                    out.write(prefix("< "));
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
            if (!atLineStart) out.write('\n');
            out.write(prefix(marker));
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            atLineStart = true;
            out.flush();
        } catch (IOException ignored) {
            // logging must not fail a test
        }
    }

    private byte[] prefix(String marker) {
        return ("[" + TIME.format(clock.instant()) + "] " + marker).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            if (!atLineStart) out.write('\n');
            out.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        out = null;
    }
}
