package dev.qualify.cloud.capture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends every packet and connection event of a {@link PacketLog} to a {@link PacketFile} on a thread of its own, so
 * the broker's event loops never wait for the disk. Bounded twice: the file is rotated at {@code maxBytes} (keeping
 * {@link PacketFile#KEPT} older files), and entries that arrive while the queue is full are dropped and counted (a
 * {@code "kind":"dropped"} line says how many). An existing file is rotated away at start, so the file holds this
 * run only. {@link #close()} writes what is queued and stops.
 */
public final class PacketFileWriter implements PacketSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PacketFileWriter.class);
    private static final Object STOP = new Object();

    private final Path file;
    private final long maxBytes;
    private final BlockingQueue<Object> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final PacketFile.Connections connections = new PacketFile.Connections();
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private OutputStream out;
    private long size;

    /**
     * Starts writing {@code file}.
     *
     * @param maxBytes rotate when the file grows past this
     * @param queued   most entries waiting to be written
     */
    public PacketFileWriter(Path file, long maxBytes, int queued) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.queue = new ArrayBlockingQueue<>(queued);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file) && Files.size(file) > 0) rotate();
            open();
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
        if (!queue.offer(entry)) dropped.incrementAndGet();
    }

    private void run() {
        long reportedDrops = 0;
        try {
            while (true) {
                Object e = queue.poll(200, TimeUnit.MILLISECONDS);
                if (e == null) {
                    out.flush();
                    continue;
                }
                if (e == STOP) break;
                long d = dropped.get();
                if (d != reportedDrops) {
                    write("{\"kind\":\"dropped\",\"count\":" + (d - reportedDrops) + "}");
                    reportedDrops = d;
                }
                if (e instanceof CapturedPacket p) {
                    connections.saw(p);
                    write(PacketFile.line(p));
                } else if (e instanceof ConnectionEvent c) {
                    write(PacketFile.line(c, connections.clientOf(c)));
                }
                if (queue.isEmpty()) out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private void write(String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (size > 0 && size + b.length > maxBytes) {
            out.close();
            rotate();
            open();
        }
        out.write(b);
        size += b.length;
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
        try {
            queue.put(STOP);
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
