package dev.qualify.cloud.capture;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Follows a capture file as {@code tail -F} does: every complete line from the start of the current file, then each
 * new one as the cloud appends it. When the cloud rotates the file, the rest of the old one is read and then the next
 * one in capture order: a rotated file whose first entry comes after the last one read (so a follower that fell
 * behind by up to {@link PacketFile#KEPT} rotations misses nothing), else the current file (also after a restart of
 * the cloud, whose sequence starts again). Waits for the file when it does not exist yet.
 */
public final class PacketFileTail {
    private final Path file;
    private final long pollMillis;
    private long lastSeq = -1;

    public PacketFileTail(Path file, long pollMillis) {
        this.file = file;
        this.pollMillis = pollMillis;
    }

    /**
     * Hands every entry to {@code sink} until {@code stop} says so (checked between polls) or the thread is
     * interrupted. Lines that are not valid entries are skipped.
     */
    public void follow(Consumer<PacketFile.Entry> sink, BooleanSupplier stop) throws IOException, InterruptedException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (!stop.getAsBoolean()) {
            Path target = next();
            boolean complete = !target.equals(file); // the writer closed a file before it renamed it
            FileChannel ch;
            Object key;
            try {
                key = key(target);
                ch = FileChannel.open(target, StandardOpenOption.READ);
                if (!Objects.equals(key, key(target))) { // rotated between the two: open it again
                    ch.close();
                    continue;
                }
            } catch (NoSuchFileException e) {
                Thread.sleep(pollMillis);
                continue;
            }
            line.reset();
            try (ch) {
                boolean draining = complete;
                while (!stop.getAsBoolean()) {
                    buf.clear();
                    int n = ch.read(buf);
                    if (n > 0) {
                        buf.flip();
                        while (buf.hasRemaining()) {
                            byte b = buf.get();
                            if (b == '\n') {
                                emit(line.toString(StandardCharsets.UTF_8), sink);
                                line.reset();
                            } else {
                                line.write(b);
                            }
                        }
                        continue;
                    }
                    if (draining) break; // all of the old file was read: go on with the next
                    if (rotated(key, ch)) {
                        draining = true; // the writer closed it before renaming it: one more read gets its end
                        continue;
                    }
                    Thread.sleep(pollMillis);
                }
            }
        }
    }

    /** The oldest kept file that starts after the last entry read, else the current file. */
    private Path next() throws IOException {
        if (lastSeq < 0) return file;
        for (int n = PacketFile.KEPT; n >= 1; n--) {
            Path r = PacketFile.rotated(file, n);
            Long first = firstSeq(r);
            if (first != null && first > lastSeq) return r;
        }
        return file;
    }

    private static Long firstSeq(Path f) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            PacketFile.Entry e = first == null ? null : PacketFile.parse(first);
            return e == null ? null : sequence(e);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IllegalArgumentException e) {
            return null; // not an entry (or being written): not a candidate
        }
    }

    private static Object key(Path f) throws IOException {
        return Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    private boolean rotated(Object key, FileChannel ch) throws IOException {
        try {
            return !Objects.equals(key(file), key) || Files.size(file) < ch.position();
        } catch (NoSuchFileException e) {
            return false; // between the rename and the new file: wait for it
        }
    }

    private static long sequence(PacketFile.Entry e) {
        return e.packet() != null ? e.packet().sequence() : e.event().sequence();
    }

    private void emit(String text, Consumer<PacketFile.Entry> sink) {
        if (text.isBlank()) return;
        PacketFile.Entry e;
        try {
            e = PacketFile.parse(text);
        } catch (IllegalArgumentException bad) {
            return;
        }
        if (e == null) return;
        lastSeq = sequence(e);
        sink.accept(e);
    }
}
