package dev.qualify.api.driver;

import org.apiguardian.api.API;

import dev.qualify.api.device.Console;
import dev.qualify.api.device.ConsoleMatch;
import dev.qualify.api.device.DeviceCrashedException;
import dev.qualify.api.device.ConsoleTimeoutException;
import dev.qualify.api.device.Transcript;

import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link Console} over a pair of byte streams, the common core of every console driver: a reader thread
 * decodes the device's bytes (invalid UTF-8 becomes U+FFFD, never an exception), strips escape sequences for
 * matching, logs the raw bytes to the transcript and wakes waiting callers. What each wait consumes (a line read,
 * the text up to and including a match) goes to the transcript's {@link Transcript#read}, once, in order, on the
 * caller's thread: the engine gives it to the log of the test that read it.
 *
 * <p>Drivers supply the streams; a driver that reconnects (a serial port that comes back) does so inside its
 * streams, so the console sees one continuous stream until the driver gives up with an {@link IOException}.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public class StreamConsole implements Console, ConsoleMonitoring {
    private static final int COMPACT_AT = 64 * 1024;
    private static final int READ_BUFFER = 64 * 1024;
    private static final int LAST_SEEN_CHARS = 300;
    private static final int LAST_SEEN_LINES = 3;
    private static final int MAX_CUT_LINES = 256;

    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable resource;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder recent = new StringBuilder();
    private final AnsiStripper stripper = new AnsiStripper();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final Thread reader;
    private volatile Transcript transcript = Transcript.NONE;
    private volatile List<String> deathStrings = List.of();
    private int cursor;
    private int deathScanFrom;
    private long lastByteNanos = System.nanoTime();
    private volatile String deathLine;
    private volatile InfrastructureException aborted;
    /** Where in {@link #text} the output readable before {@link #aborted} ends; under the lock. */
    private int abortAt;
    /**
     * Complete lines already cut from {@link #text} by {@link #readLine} and not yet returned: the reader thread
     * takes them without the lock. Any other wait puts them back first, so all calls see one stream.
     */
    private final ArrayDeque<String> cut = new ArrayDeque<>();
    private IOException failure;
    private boolean closed;
    private boolean eof;

    /**
     * @param name     description used in every message, e.g. {@code tcp-serial 127.0.0.1:47101}
     * @param in       device output
     * @param out      device input
     * @param resource closed with the console (a socket, a port, a process); may be null
     */
    public StreamConsole(String name, InputStream in, OutputStream out, AutoCloseable resource) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.resource = resource;
        this.reader = new Thread(this::readLoop, "console " + name);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void write(byte[] bytes) {
        try {
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
            transcript.sent(bytes);
        } catch (IOException e) {
            throw new InfrastructureException("port-gone", "cannot write to " + name + ": " + e.getMessage()
                    + "; last seen: " + quote(lastSeen()), e);
        }
    }

    @Override
    public ConsoleMatch expectAny(List<Pattern> patterns, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            restoreCut();
            while (true) {
                checkDeath();
                int end = readableEnd();
                ConsoleMatch best = null;
                int bestStart = Integer.MAX_VALUE;
                int bestEnd = 0;
                for (int i = 0; i < patterns.size(); i++) {
                    Matcher m = patterns.get(i).matcher(text);
                    m.region(cursor, end);
                    if (m.find() && m.start() < bestStart) {
                        List<String> groups = new ArrayList<>();
                        for (int g = 1; g <= m.groupCount(); g++) groups.add(m.group(g));
                        best = new ConsoleMatch(i, m.group(), groups, text.substring(cursor, m.start()));
                        bestStart = m.start();
                        bestEnd = m.end();
                    }
                }
                if (best != null) {
                    String consumed = text.substring(cursor, bestEnd);
                    consumeTo(bestEnd);
                    transcript.read(consumed);
                    return best;
                }
                checkAborted();
                checkEnd("waiting for " + describe(patterns));
                if (!await(deadline)) {
                    throw new ConsoleTimeoutException("no " + describe(patterns) + " on " + name + " within "
                            + timeout.toMillis() + " ms; last seen: " + quote(lastSeen()));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<String> readLine(Duration timeout) {
        if (!cut.isEmpty()) {
            checkDeath();
            return Optional.of(taken(cut.poll()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                checkDeath();
                int end = readableEnd();
                int nl = text.indexOf("\n", cursor);
                if (nl >= 0 && nl < end) {
                    String line = text.substring(cursor, nl);
                    int from = nl + 1;
                    int next;
                    while (cut.size() < MAX_CUT_LINES && (next = text.indexOf("\n", from)) >= 0 && next < end) {
                        cut.add(text.substring(from, next));
                        from = next + 1;
                    }
                    consumeTo(from);
                    return Optional.of(taken(line));
                }
                checkAborted();
                if (eof || failure != null || closed) {
                    checkEnd("reading a line");
                }
                if (!await(deadline)) return Optional.empty();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A line a caller takes, logged as read. */
    private String taken(String line) {
        transcript.read(line + "\n");
        return line;
    }

    /** Puts lines cut by {@link #readLine} but not returned back in front of the unconsumed text; under the lock. */
    private void restoreCut() {
        if (cut.isEmpty()) return;
        StringBuilder back = new StringBuilder();
        for (String l : cut) back.append(l).append('\n');
        cut.clear();
        text.insert(cursor, back);
        if (deathScanFrom >= cursor) deathScanFrom += back.length();
        if (aborted != null && abortAt >= cursor) abortAt += back.length();
    }

    @Override
    public void awaitSilence(Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                long quietUntil = lastByteNanos + quiet.toNanos();
                long now = System.nanoTime();
                if (now >= quietUntil) return;
                if (now >= deadline || quietUntil > deadline) {
                    throw new ConsoleTimeoutException(name + " never went quiet for " + quiet.toMillis()
                            + " ms within " + timeout.toMillis() + " ms; last seen: " + quote(lastSeen()));
                }
                changed.await(Math.min(quietUntil, deadline) - now, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted", "interrupted while waiting on " + name, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setDeathStrings(List<String> deathStrings) {
        this.deathStrings = List.copyOf(deathStrings);
    }

    @Override
    public void abort(InfrastructureException cause) {
        lock.lock();
        try {
            if (aborted == null) {
                aborted = cause;
                abortAt = text.length(); // what arrived before the cause stays readable
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setTranscript(Transcript sink) {
        this.transcript = sink == null ? Transcript.NONE : sink;
    }

    /** The last {@value #LAST_SEEN_LINES} non-blank lines of output, joined with " | ", at most 300 characters. */
    @Override
    public String lastSeen() {
        lock.lock();
        try {
            String[] lines = recent.toString().split("\n");
            java.util.Deque<String> kept = new java.util.ArrayDeque<>();
            for (int i = lines.length - 1; i >= 0 && kept.size() < LAST_SEEN_LINES; i--) {
                if (!lines[i].isBlank()) kept.addFirst(lines[i].strip());
            }
            return String.join(" | ", kept);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (resource != null) resource.close();
            in.close();
            out.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
        reader.interrupt();
    }

    private void readLoop() {
        byte[] buf = new byte[READ_BUFFER];
        ByteBuffer bytes = ByteBuffer.allocate(READ_BUFFER + 8);
        CharBuffer chars = CharBuffer.allocate(READ_BUFFER + 8);
        StringBuilder visible = new StringBuilder(READ_BUFFER);
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n == 0) continue;
                transcript.received(buf, 0, n);
                if (bytes.position() == 0 && stripper.idle() && plainText(buf, n)) {
                    // the common case: printable ASCII lines; no decoding or escape handling needed
                    String plain = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    append(plain.indexOf('\r') < 0 ? plain : plain.replace("\r", ""));
                } else {
                    visible.setLength(0);
                    bytes.put(buf, 0, n).flip();
                    decoder.decode(bytes, chars, false);
                    bytes.compact();
                    chars.flip();
                    stripper.strip(chars, visible);
                    chars.clear();
                    append(visible);
                }
            }
            lock.lock();
            try {
                eof = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            lock.lock();
            try {
                if (!closed) failure = e;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** True when the bytes are printable ASCII, tabs and line ends only. */
    private static boolean plainText(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            byte c = b[i];
            if (c < 0x20 ? c != '\n' && c != '\r' && c != '\t' : c == 0x7F) return false; // negative bytes are non-ASCII
        }
        return true;
    }

    private void append(CharSequence visible) {
        lock.lock();
        try {
            lastByteNanos = System.nanoTime();
            text.append(visible);
            int keep = Math.min(visible.length(), LAST_SEEN_CHARS);
            recent.append(visible, visible.length() - keep, visible.length());
            if (recent.length() > LAST_SEEN_CHARS * 2) recent.delete(0, recent.length() - LAST_SEEN_CHARS);
            scanDeath();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void scanDeath() {
        if (deathLine != null) return;
        for (String d : deathStrings) {
            int at = text.indexOf(d, Math.max(0, deathScanFrom - d.length()));
            if (at >= 0) {
                int lineStart = text.lastIndexOf("\n", at) + 1;
                int lineEnd = text.indexOf("\n", at);
                deathLine = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd).strip();
                break;
            }
        }
        deathScanFrom = text.length();
    }

    /** The end of the text waits may read: all of it, or what arrived before {@link #abort}; under the lock. */
    private int readableEnd() {
        return aborted == null ? text.length() : Math.min(abortAt, text.length());
    }

    /** After {@link #abort}, once what arrived before it is read: the abort's cause; under the lock. */
    private void checkAborted() {
        InfrastructureException a = aborted;
        if (a != null) throw new InfrastructureException(a.type(), a.getMessage(), a);
    }

    private void checkDeath() {
        if (deathLine != null) {
            throw new DeviceCrashedException(name + " printed a death string: " + quote(deathLine));
        }
    }

    private void checkEnd(String doing) {
        if (closed) throw new InfrastructureException("port-gone", name + " was closed while " + doing);
        if (failure != null) {
            throw new InfrastructureException("port-gone", name + " failed while " + doing + ": "
                    + failure.getMessage() + "; last seen: " + quote(lastSeen()), failure);
        }
        if (eof) {
            throw new InfrastructureException("port-gone", name + " closed by the device side while " + doing
                    + "; last seen: " + quote(lastSeen()));
        }
    }

    private boolean await(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        try {
            changed.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted", "interrupted while waiting on " + name, e);
        }
        return true;
    }

    private void consumeTo(int end) {
        cursor = end;
        if (cursor > COMPACT_AT) {
            text.delete(0, cursor);
            deathScanFrom = Math.max(0, deathScanFrom - cursor);
            abortAt = Math.max(0, abortAt - cursor);
            cursor = 0;
        }
    }

    private static String describe(List<Pattern> patterns) {
        List<String> p = new ArrayList<>();
        for (Pattern x : patterns) p.add("/" + x.pattern() + "/");
        return patterns.size() == 1 ? p.get(0) : "any of " + p;
    }

    private static String quote(String s) {
        return s.isEmpty() ? "(nothing)" : "\"" + (s.length() > LAST_SEEN_CHARS ? "..." + s.substring(s.length() - LAST_SEEN_CHARS) : s) + "\"";
    }
}
