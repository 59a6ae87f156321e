package dev.qualify.cloud.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends every packet and connection event of a {@link PacketLog} to a {@link PacketFile} on a thread of its own, so
 * the broker's event loops never wait for the disk. Bounded twice: the file is rotated at {@code maxBytes} (keeping
 * {@link PacketFile#KEPT} older files), and entries that arrive while the queue is full are dropped and counted (a
 * {@code "kind":"dropped"} line says how many). An existing file is rotated away at start, so the file holds this
 * run only. What is queued reaches the file (flushed) once the writer has caught up and nothing more came for
 * {@value #LINGER_MILLIS} ms, in a long burst at least every {@value #MAX_UNFLUSHED_MILLIS} ms, and whenever its 64 KiB
 * buffer fills. {@link #close()} writes what is queued and stops.
 * <p>
 * Cheap for the event loops: handing an entry over takes no lock and wakes the writer only when it sleeps (once per
 * burst, not once per entry; while it lingers nobody wakes it); the writer streams each line as JSON into one reused
 * buffer (no tree, no string).
 */
public final class PacketFileWriter implements PacketSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PacketFileWriter.class);
    private static final Object STOP = new Object();
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long the writer waits for more entries, unwoken, after it caught up, before it flushes and sleeps. */
    private static final int LINGER_MILLIS = 2;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
    private static final int MAX_UNFLUSHED_MILLIS = 100;
    private static final long MAX_UNFLUSHED_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_UNFLUSHED_MILLIS);

    private final Path file;
    private final long maxBytes;
    private final int capacity;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final PacketFile.Connections connections = new PacketFile.Connections();
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set by the writer before it parks; whoever queues an entry and sees it set wakes the writer. */
    private volatile boolean sleeping;
    private final Line line = new Line();
    private final JsonGenerator json;
    private OutputStream out;
    private long size;

    /** One line being written: the buffer is reused for every line. */
    private static final class Line extends ByteArrayOutputStream {
        Line() {
            super(1024);
        }

        void writeTo(OutputStream out, int length) throws IOException {
            out.write(buf, 0, length);
        }
    }

    /**
     * Starts writing {@code file}.
     *
     * @param maxBytes rotate when the file grows past this
     * @param queued   most entries waiting to be written
     */
    public PacketFileWriter(Path file, long maxBytes, int queued) {
        if (queued < 1) throw new IllegalArgumentException("queued < 1");
        this.file = file;
        this.maxBytes = maxBytes;
        this.capacity = queued;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file) && Files.size(file) > 0) rotate();
            open();
            json = PacketFile.generator(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the capture file " + file, e);
        }
        this.thread = new Thread(this::run, "qualify-capture-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /** Entries dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void packet(CapturedPacket packet) {
        offer(packet);
    }

    @Override
    public void event(ConnectionEvent event) {
        offer(event);
    }

    private void offer(Object entry) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.add(entry);
        wake();
    }

    private void wake() {
        if (sleeping) {
            sleeping = false;
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        long reportedDrops = 0;
        try {
            boolean unflushed = false;
            long flushedAt = System.nanoTime();
            while (true) {
                Object e = queue.poll();
                if (e == null) {
                    if (unflushed && System.nanoTime() - flushedAt > MAX_UNFLUSHED_NANOS) { // a burst that goes on and on
                        out.flush();
                        flushedAt = System.nanoTime();
                    }
                    if (unflushed) { // caught up: a burst may go on, so wait a little for more before the write system call
                        unflushed = false;
                        LockSupport.parkNanos(this, LINGER_NANOS);
                        if (!queue.isEmpty()) continue;
                        out.flush();
                        flushedAt = System.nanoTime();
                    }
                    sleeping = true;
                    if (queue.isEmpty()) LockSupport.parkNanos(this, IDLE_NANOS); // woken by offer, or idle
                    sleeping = false;
                    continue;
                }
                unflushed = true;
                queued.decrementAndGet();
                if (e == STOP) break;
                long d = dropped.get();
                if (d != reportedDrops) {
                    json.writeStartObject();
                    json.writeStringField("kind", "dropped");
                    json.writeNumberField("count", d - reportedDrops);
                    json.writeEndObject();
                    endLine();
                    reportedDrops = d;
                }
                if (e instanceof CapturedPacket p) {
                    connections.saw(p);
                    PacketFile.write(json, p);
                    endLine();
                } else if (e instanceof ConnectionEvent c) {
                    PacketFile.write(json, c, connections.clientOf(c));
                    endLine();
                }
            }
        } catch (IOException e) {
            LOG.warn("capture file {}: {}; no more packets are written to it", file, e.toString());
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("capture file {}: {}", file, e.toString());
            }
        }
    }

    /** Ends the line in the buffer and appends it to the file, rotating first if it would grow past its size. */
    private void endLine() throws IOException {
        json.flush();
        line.write('\n');
        int length = line.size();
        if (size > 0 && size + length > maxBytes) {
            out.close();
            rotate();
            open();
        }
        line.writeTo(out, length);
        line.reset();
        size += length;
    }

    private void rotate() throws IOException {
        for (int n = PacketFile.KEPT; n >= 1; n--) {
            Path from = n == 1 ? file : PacketFile.rotated(file, n - 1);
            if (Files.exists(from)) Files.move(from, PacketFile.rotated(file, n), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void open() throws IOException {
        out = new java.io.BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), 64 * 1024);
        size = 0;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        queue.add(STOP); // not bounded: the stop always gets in
        queued.incrementAndGet();
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
